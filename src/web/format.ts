// How the dashboard writes numbers and times: quote currency with two decimals, fractions as %,
// times in UTC (the journal's and the exchange's clock), an em dash for a figure the API did not give.

const DASH = '—';

/** A quote-currency amount, e.g. "10,234.50"; a dash when missing. */
export function money(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A signed quote-currency amount, e.g. "+12.30". */
export function signedMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value > 0 ? '+' : ''}${money(value)}`;
}

/** A fraction (0.052) as a percentage ("5.20%"). */
export function pct(fraction: number | null | undefined, digits = 2): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return DASH;
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A plain number with up to `digits` decimals. */
export function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** UTC ms as "2025-03-01 14:00:00 UTC". */
export function utc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** UTC ms as "14:00:05" (UTC), for the last-update clock. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** A CSS class for a signed figure: gain, loss or none. */
export function signClass(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return '';
  return value > 0 ? 'gain' : 'loss';
}
