// Supported candle timeframes and their lengths.
import { InputError } from './errors.ts';

const MINUTE = 60_000;
export const TIMEFRAME_MS = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '8h': 480 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': 1440 * MINUTE,
  '1w': 10080 * MINUTE,
} as const;

export type Timeframe = keyof typeof TIMEFRAME_MS;
export const TIMEFRAMES = Object.keys(TIMEFRAME_MS) as Timeframe[];

export function isTimeframe(value: string): value is Timeframe {
  return Object.hasOwn(TIMEFRAME_MS, value);
}

export function parseTimeframe(value: string, field = 'timeframe'): Timeframe {
  if (!isTimeframe(value)) {
    throw new InputError(`unknown ${field} '${value}' (expected one of ${TIMEFRAMES.join(', ')})`);
  }
  return value;
}

export function timeframeMs(tf: Timeframe): number {
  return TIMEFRAME_MS[tf];
}

/** Periods per year, for annualising returns measured per candle. */
export function periodsPerYear(tf: Timeframe): number {
  return (365 * 1440 * MINUTE) / TIMEFRAME_MS[tf];
}
