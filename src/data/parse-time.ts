// Candle times in the forms files use: epoch seconds, milliseconds or microseconds (told apart by
// magnitude), or ISO-8601 text (UTC when it carries no offset).

/** Below this a number is seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;
/** At or above this a number is microseconds (Binance's newer kline dumps). */
const MICROS_FROM = 1e14;

export function parseTime(raw: string | number): number {
  if (typeof raw === 'number') return scaleEpoch(raw);
  const text = raw.trim();
  if (text === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(text)) return scaleEpoch(Number(text));
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(' ', 'T');
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso);
  return Date.parse(hasZone ? iso : `${iso}Z`);
}

function scaleEpoch(value: number): number {
  if (!Number.isFinite(value)) return NaN;
  if (Math.abs(value) < SECONDS_BELOW) return Math.round(value * 1000);
  if (Math.abs(value) >= MICROS_FROM) return Math.floor(value / 1000);
  return value;
}
