// Resampling to a longer timeframe, buckets aligned to UTC (weeks start Monday 00:00 UTC, as on
// Binance). Only complete buckets are kept, at both ends: a bucket that begins before the first
// source candle or ends after the last one would carry another open or close than the exchange's
// own candle, so it is dropped. A candle missing INSIDE the data (a bucket with a gap, within the
// span the source covers) is an exchange outage or a hole in the file: the bucket is kept — the
// exchange's own candle over an outage is built from the trades that did happen — and reported in
// `withGaps`, so the caller can say which buckets stand on fewer candles.
import { InputError, timeframeMs } from '../core/index.ts';
import type { CandleSeries, Timeframe } from '../core/index.ts';
import { emptySeries, headSeries, sliceSeries } from '../core/index.ts';

/** 1970-01-01 was a Thursday; Monday-aligned weeks start 4 days later. */
const WEEK_OFFSET_MS = 4 * 86_400_000;

export interface Resampled {
  readonly series: CandleSeries;
  /** Whether the first bucket began before the source data and was dropped. */
  readonly droppedLeading: boolean;
  /** Whether the last bucket ended after the source data and was dropped. */
  readonly droppedTrailing: boolean;
  /** Open times of kept buckets with source candles missing inside them. */
  readonly withGaps: readonly number[];
}

/**
 * Aggregates `source` (ascending, `from` candles) into `to` candles: open of the first, max high,
 * min low, close of the last, summed volume.
 * @throws InputError when `to` is not a whole multiple of `from`.
 */
export function resample(source: CandleSeries, from: Timeframe, to: Timeframe): Resampled {
  const fromMs = timeframeMs(from);
  const toMs = timeframeMs(to);
  if (toMs <= fromMs || toMs % fromMs !== 0) throw new InputError(`cannot resample ${from} to ${to}: the target must be a multiple of the source`);
  const offset = to === '1w' ? WEEK_OFFSET_MS : 0;
  const bucketOf = (t: number): number => Math.floor((t - offset) / toMs) * toMs + offset;
  const perBucket = toMs / fromMs;
  const out = emptySeries(Math.ceil(source.length / perBucket) + 1);
  const counts: number[] = [];
  let n = -1;
  let bucket = NaN;
  for (let i = 0; i < source.length; i++) {
    const b = bucketOf(source.time[i]!);
    if (b !== bucket) {
      bucket = b;
      n++;
      counts[n] = 1;
      out.time[n] = b;
      out.open[n] = source.open[i]!;
      out.high[n] = source.high[i]!;
      out.low[n] = source.low[i]!;
      out.close[n] = source.close[i]!;
      out.volume[n] = source.volume[i]!;
      continue;
    }
    counts[n]!++;
    if (source.high[i]! > out.high[n]!) out.high[n] = source.high[i]!;
    if (source.low[i]! < out.low[n]!) out.low[n] = source.low[i]!;
    out.close[n] = source.close[i]!;
    out.volume[n] = out.volume[n]! + source.volume[i]!;
  }
  const buckets = n + 1;
  const droppedLeading = buckets > 0 && source.time[0]! > out.time[0]!;
  const droppedTrailing = buckets > 0 && source.time[source.length - 1]! + fromMs < out.time[n]! + toMs;
  const first = droppedLeading ? 1 : 0;
  const end = Math.max(first, droppedTrailing ? buckets - 1 : buckets);
  const withGaps: number[] = [];
  for (let k = first; k < end; k++) if (counts[k]! < perBucket) withGaps.push(out.time[k]!);
  const series = sliceSeries(headSeries(out, end), first < end ? out.time[first]! : Infinity, Infinity);
  return { series, droppedLeading, droppedTrailing, withGaps };
}
