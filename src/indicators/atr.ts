// Average true range, as TA-Lib: the first ATR (index `period`) is the mean of the first `period`
// true ranges (which start at index 1), then Wilder smoothing.
import type { Candle } from '../core/index.ts';
import { mapBars } from './batch.ts';
import { checkPeriod } from './period.ts';
import { trueRange } from './true-range.ts';

export class Atr {
  value = NaN;
  private previousClose = NaN;
  private count = 0;
  private sum = 0;

  constructor(readonly period: number) {
    checkPeriod('period', period);
  }

  update(candle: Candle): number {
    return this.step(candle.high, candle.low, candle.close);
  }

  step(high: number, low: number, close: number): number {
    const prev = this.previousClose;
    this.previousClose = close;
    if (Number.isNaN(prev)) return this.value;
    const tr = trueRange(high, low, prev);
    const n = this.period;
    if (this.count < n) {
      this.sum += tr;
      this.count++;
      if (this.count === n) this.value = this.sum / n;
      return this.value;
    }
    this.value = (this.value * (n - 1) + tr) / n;
    return this.value;
  }

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  reset(): void {
    this.previousClose = NaN;
    this.count = 0;
    this.sum = 0;
    this.value = NaN;
  }
}

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  return mapBars(high, low, close, new Atr(period));
}
