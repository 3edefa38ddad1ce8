// Resampling to a longer timeframe, buckets aligned to UTC (weeks start Monday 00:00 UTC, as on
// Binance). A trailing bucket without all its candles is dropped; a bucket with a gap inside is
// kept (it is what the exchange would have shown).
import { InputError, timeframeMs } from '../core/index.ts';
import type { CandleSeries, Timeframe } from '../core/index.ts';
import { emptySeries, headSeries } from '../core/index.ts';

/** 1970-01-01 was a Thursday; Monday-aligned weeks start 4 days later. */
const WEEK_OFFSET_MS = 4 * 86_400_000;

export interface Resampled {
  readonly series: CandleSeries;
  /** Whether a trailing incomplete bucket was dropped. */
  readonly droppedPartial: boolean;
}

export function resample(source: CandleSeries, from: Timeframe, to: Timeframe): Resampled {
  const fromMs = timeframeMs(from);
  const toMs = timeframeMs(to);
  if (toMs <= fromMs || toMs % fromMs !== 0) throw new InputError(`cannot resample ${from} to ${to}: the target must be a multiple of the source`);
  const offset = to === '1w' ? WEEK_OFFSET_MS : 0;
  const bucketOf = (t: number): number => Math.floor((t - offset) / toMs) * toMs + offset;
  const out = emptySeries(Math.ceil(source.length / (toMs / fromMs)) + 1);
  let n = -1;
  let bucket = NaN;
  for (let i = 0; i < source.length; i++) {
    const b = bucketOf(source.time[i]!);
    if (b !== bucket) {
      bucket = b;
      n++;
      out.time[n] = b;
      out.open[n] = source.open[i]!;
      out.high[n] = source.high[i]!;
      out.low[n] = source.low[i]!;
      out.close[n] = source.close[i]!;
      out.volume[n] = source.volume[i]!;
      continue;
    }
    if (source.high[i]! > out.high[n]!) out.high[n] = source.high[i]!;
    if (source.low[i]! < out.low[n]!) out.low[n] = source.low[i]!;
    out.close[n] = source.close[i]!;
    out.volume[n] = out.volume[n]! + source.volume[i]!;
  }
  let length = n + 1;
  const last = source.length - 1;
  const droppedPartial = length > 0 && source.time[last]! + fromMs < out.time[n]! + toMs;
  if (droppedPartial) length--;
  return { series: headSeries(out, length), droppedPartial };
}
