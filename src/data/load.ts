// Candles for a run: the set resolveDataSet picks (a file, the store or the bundled data), cut to
// the run's date window with its warm-up, its gaps listed.
import { InputError, timeframeMs, windowSeries } from '../core/index.ts';
import type { CandleSeries } from '../core/index.ts';
import { findGaps } from './gaps.ts';
import { describeDataSet, resolveDataSet, sourceLabel } from './resolve.ts';
import type { DataSetRequest, DescribeOptions, ResolvedSet } from './resolve.ts';
import type { Gap } from './types.ts';

export interface LoadRequest extends DataSetRequest {
  readonly from?: number;
  readonly to?: number;
  /** Also return up to this many candles before `from`, for indicator warm-up. */
  readonly warmup?: number;
  /** Receives the one line naming the data set, before anything runs on it (see describeDataSet). */
  readonly announce?: ((line: string) => void) | undefined;
  /** Notes for that line (an inferred timeframe, a file without a symbol). */
  readonly describe?: Omit<DescribeOptions, 'used'>;
}

export interface Loaded {
  readonly series: CandleSeries;
  /** Human-readable origin: the file, or the store and its path. */
  readonly source: string;
  /** The resolved set: its kind (store, bundled, file) and the whole series. */
  readonly set: ResolvedSet;
  readonly gaps: Gap[];
  /** Leading candles before `from` included for warm-up. */
  readonly warmup: number;
}

/** @throws InputError as resolveDataSet does, and when the window holds no candle. */
export function loadCandles(request: LoadRequest): Loaded {
  const { symbol, timeframe } = request;
  const from = request.from ?? Number.MIN_SAFE_INTEGER;
  const to = request.to ?? Number.MAX_SAFE_INTEGER;
  const set = resolveDataSet(request);
  const { series: sliced, warmup } = windowSeries(set.series, from, to, request.warmup ?? 0);
  if (sliced.length - warmup === 0) {
    throw new InputError(`no candles for ${symbol} ${timeframe} in [${iso(from)}, ${iso(to)}) (the data covers ${coverage(set.series)})`);
  }
  if (request.announce !== undefined) {
    const used = warmup === 0 ? sliced : windowSeries(sliced, sliced.time[warmup]!, Infinity, 0).series;
    request.announce(describeDataSet(set, { ...request.describe, used }));
  }
  return { series: sliced, source: sourceLabel(set), set, gaps: findGaps(sliced.time, timeframeMs(timeframe)), warmup };
}

function coverage(s: CandleSeries): string {
  return s.length === 0 ? 'nothing' : `${iso(s.time[0]!)} to ${iso(s.time[s.length - 1]!)}`;
}

function iso(ms: number): string {
  if (ms <= Number.MIN_SAFE_INTEGER) return '-inf';
  if (ms >= Number.MAX_SAFE_INTEGER) return 'inf';
  return new Date(ms).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
}
