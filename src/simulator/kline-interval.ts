// Binance's kline intervals (specs/binance-spot.md §3.2, §7.2) and where their buckets begin, all
// in UTC, and which of them a replay of one candle timeframe can serve.
import { timeframeMs } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Interval lengths in ms, in Binance's order. Buckets of a fixed-length interval start at a
 * multiple of its length since the Unix epoch, except `1w` (below). The spec does not say where
 * Binance's 3-day buckets begin; every other fixed interval is epoch-aligned, so `3d` is taken to be
 * too: its buckets open on days whose number since 1970-01-01 is a multiple of 3 (2023-12-31 is day
 * 19722 = 3 × 6574, so the bucket holding 2024-01-01 opened then).
 */
const FIXED_MS = {
  '1s': SECOND,
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
} as const;

/** Binance's weeks start on Monday 00:00 UTC; 1970-01-01 was a Thursday, four days earlier. */
const WEEK_OFFSET_MS = 4 * DAY;

/** A Binance kline interval; `1M` is a calendar month (UTC), `1m` a minute. Case-sensitive. */
export type KlineInterval = keyof typeof FIXED_MS | '1M';

export const KLINE_INTERVALS: readonly KlineInterval[] = [...(Object.keys(FIXED_MS) as (keyof typeof FIXED_MS)[]), '1M'];

export function isKlineInterval(value: string): value is KlineInterval {
  return value === '1M' || Object.hasOwn(FIXED_MS, value);
}

/** Open time (ms, UTC) of the `interval` bucket holding `time`. */
export function bucketOpen(interval: KlineInterval, time: number): number {
  if (interval === '1M') {
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  const span = FIXED_MS[interval];
  const offset = interval === '1w' ? WEEK_OFFSET_MS : 0;
  return Math.floor((time - offset) / span) * span + offset;
}

/** Close time of the bucket opening at `openTime`: its last millisecond, as Binance's `T` and column 6. */
export function bucketClose(interval: KlineInterval, openTime: number): number {
  if (interval === '1M') {
    const date = new Date(openTime);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - 1;
  }
  return openTime + FIXED_MS[interval] - 1;
}

/**
 * Why a replay of `replayed` candles cannot make `interval` klines, or undefined when it can: the
 * interval is the replayed one, or every replayed candle lies wholly inside one of its buckets
 * (4h from 1h; 1M from anything that divides a day; not 12h from 8h, whose 08:00 candle straddles
 * noon, nor 1w from 3d). Finer intervals would need data the replay does not have.
 */
export function unservable(replayed: Timeframe, interval: KlineInterval): string | undefined {
  if (interval === replayed) return undefined;
  const own = timeframeMs(replayed);
  if (interval !== '1M' && FIXED_MS[interval] < own) return `${interval} is finer than the replayed ${replayed} candles`;
  const fits = interval === '1M' ? DAY % own === 0 : interval === '1w' ? FIXED_MS['1w'] % own === 0 && WEEK_OFFSET_MS % own === 0 : FIXED_MS[interval] % own === 0;
  return fits ? undefined : `the replayed ${replayed} candles do not fit whole into ${interval} buckets`;
}

/** The intervals a replay of `replayed` candles serves, in Binance's order. */
export function servedIntervals(replayed: Timeframe): KlineInterval[] {
  return KLINE_INTERVALS.filter((interval) => unservable(replayed, interval) === undefined);
}
