// The buy-and-hold benchmark as an equity curve, drawn next to the strategy's.

import type { CandleSeries } from '../../core/index.ts';
import type { EquityCurve } from '../types.ts';

/**
 * Equity of putting `cash` into the asset at the first candle's close of the run and holding it:
 * `cash × close[i] / close[first]` at each time of `curve`, in quote currency. No fees and no
 * lot rounding, the same convention as the `buyAndHoldReturnPct` metric, so the curve ends at
 * that return. `candles` may start earlier (warm-up candles); times not found in `candles` are
 * skipped. Returns [time ms, equity] pairs.
 */
export function buyAndHoldCurve(candles: CandleSeries, curve: EquityCurve, cash: number): [number, number][] {
  const points: [number, number][] = [];
  let j = 0;
  let first = NaN;
  for (let i = 0; i < curve.length; i++) {
    const time = curve.time[i]!;
    while (j < candles.length && candles.time[j]! < time) j++;
    if (j >= candles.length || candles.time[j] !== time) continue;
    if (Number.isNaN(first)) first = candles.close[j]!;
    points.push([time, (cash * candles.close[j]!) / first]);
  }
  return points;
}
