// The time span a sweep's data covers: from the earliest first candle to the latest last close
// over its symbols and timeframes. Walk-forward windows and hold-out splits are cut from it.
import { InputError, timeframeMs } from '../../core/index.ts';
import { loadCandles } from '../../data/index.ts';
import type { Store } from '../../store/index.ts';
import type { SweepSpec } from './spec.ts';

export interface DataSpan {
  readonly start: number;
  readonly end: number;
  /** The longest timeframe: cut points align to it so every timeframe's candles split cleanly. */
  readonly stepMs: number;
}

export function dataSpan(spec: SweepSpec, store: Store): DataSpan {
  let start = Infinity;
  let end = -Infinity;
  for (const symbol of spec.symbols) {
    for (const timeframe of spec.timeframes) {
      const { series } = loadCandles({ store, exchange: spec.exchange, symbol: symbol.toUpperCase(), timeframe, source: spec.source });
      start = Math.min(start, series.time[0]!);
      end = Math.max(end, series.time[series.length - 1]! + timeframeMs(timeframe));
    }
  }
  if (!(end > start)) throw new InputError('the sweep has no data');
  return { start, end, stepMs: Math.max(...spec.timeframes.map((tf) => timeframeMs(tf))) };
}
