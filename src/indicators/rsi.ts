// RSI with Wilder smoothing, as TA-Lib: the first averages are plain means of the first `period`
// changes (first output at index `period`), then avg = (avg * (n - 1) + x) / n; 0 when nothing
// moved. Departure from TA-Lib: "nothing moved" is average gain + loss within 1e-10 of the price
// (core/float-tie.ts), not TA-Lib's absolute 1e-8 (TA_IS_ZERO), which read every candle of a coin
// quoted near 1e-5 as flat (RSI 0). The two agree at a price of 100.
import { RELATIVE_TIE } from '../core/index.ts';
import { mapValues } from './batch.ts';
import { checkPeriod } from './period.ts';

export class Rsi {
  value = NaN;
  private previous = NaN;
  private changes = 0;
  private gain = 0;
  private loss = 0;

  constructor(readonly period: number) {
    checkPeriod('period', period);
  }

  update(x: number): number {
    const prev = this.previous;
    this.previous = x;
    if (Number.isNaN(prev)) return this.value;
    const change = x - prev;
    const n = this.period;
    if (this.changes < n) {
      if (change > 0) this.gain += change;
      else this.loss -= change;
      this.changes++;
      if (this.changes < n) return this.value;
      this.gain /= n;
      this.loss /= n;
    } else {
      this.gain *= n - 1;
      this.loss *= n - 1;
      if (change > 0) this.gain += change;
      else this.loss -= change;
      this.gain /= n;
      this.loss /= n;
    }
    const total = this.gain + this.loss;
    this.value = total > RELATIVE_TIE * Math.abs(x) ? 100 * (this.gain / total) : 0;
    return this.value;
  }

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  reset(): void {
    this.previous = NaN;
    this.changes = 0;
    this.gain = 0;
    this.loss = 0;
    this.value = NaN;
  }
}

export function rsi(values: Float64Array, period: number): Float64Array {
  return mapValues(values, new Rsi(period));
}
