// Candle times in the forms files use: epoch seconds, milliseconds or microseconds (told apart by
// magnitude), or ISO-8601 text (UTC when it carries no offset).
import { parseUtcDate } from '../core/index.ts';

/** Below this a number is seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;
/** At or above this a number is microseconds (Binance's newer kline dumps). */
const MICROS_FROM = 1e14;

export function parseTime(raw: string | number): number {
  if (typeof raw === 'number') return scaleEpoch(raw);
  const text = raw.trim();
  if (text === '') return NaN;
  // Number() reads plain numbers (and rejects dates) much faster than a regular expression.
  const number = Number(text);
  if (Number.isFinite(number)) return scaleEpoch(number);
  return parseUtcDate(text);
}

function scaleEpoch(value: number): number {
  if (!Number.isFinite(value)) return NaN;
  if (Math.abs(value) < SECONDS_BELOW) return Math.round(value * 1000);
  if (Math.abs(value) >= MICROS_FROM) return Math.floor(value / 1000);
  return value;
}
