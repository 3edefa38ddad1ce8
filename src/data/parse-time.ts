// Candle times in the forms files use: epoch seconds, milliseconds, microseconds or nanoseconds,
// or ISO-8601 text (UTC when it carries no offset). A number's unit is not written anywhere, so it
// is inferred from its magnitude: the unit in which the number is a date between 1971 and 2200.
// Those spans do not overlap (2200 in seconds is 7.3e9; 1971 in milliseconds is 3.2e10), so at
// most one unit fits; a number that fits none is refused rather than read as some far-off year.
// A file has one unit for all its rows: the first numeric time decides it (see parse-candles.ts).
import { parseUtcDate } from '../core/index.ts';

export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

/** Milliseconds per unit. */
const MS_PER_UNIT: Readonly<Record<EpochUnit, number>> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

export const EPOCH_UNIT_NAMES: Readonly<Record<EpochUnit, string>> = { s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds' };

/** The plausible span of a candle time, in ms: 1971-01-01 up to 2200-01-01 (UTC). */
const PLAUSIBLE_FROM_MS = Date.UTC(1971, 0, 1);
const PLAUSIBLE_TO_MS = Date.UTC(2200, 0, 1);

/** The epoch unit in which `value` is a plausible candle time, or undefined when none is. */
export function epochUnitOf(value: number): EpochUnit | undefined {
  if (!Number.isFinite(value)) return undefined;
  return (Object.keys(MS_PER_UNIT) as EpochUnit[]).find((unit) => {
    const ms = value * MS_PER_UNIT[unit];
    return ms >= PLAUSIBLE_FROM_MS && ms < PLAUSIBLE_TO_MS;
  });
}

/** A number in `unit` as epoch ms; sub-millisecond parts are dropped (floor, as Binance's µs dumps mean). */
export function epochToMs(value: number, unit: EpochUnit): number {
  if (unit === 's') return Math.round(value * 1000);
  return Math.floor(value * MS_PER_UNIT[unit]);
}

/** A time cell as a number when it is one (epoch in some unit), else undefined (text, or empty). */
export function numericTime(raw: string | number): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  // Number() reads plain numbers (and rejects dates) much faster than a regular expression.
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * A time cell as epoch ms (NaN when unreadable). Numbers are read in `unit` when given (the
 * file's unit), else in the unit their own magnitude implies; a number plausible in no unit is NaN.
 */
export function parseTime(raw: string | number, unit?: EpochUnit): number {
  const number = numericTime(raw);
  if (number !== undefined) {
    const own = unit ?? epochUnitOf(number);
    return own === undefined ? NaN : epochToMs(number, own);
  }
  return typeof raw === 'string' && raw.trim() !== '' ? parseUtcDate(raw.trim()) : NaN;
}
