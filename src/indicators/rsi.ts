// RSI with Wilder smoothing, as TA-Lib: the first averages are plain means of the first `period`
// changes (first output at index `period`), then avg = (avg * (n - 1) + x) / n.
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
    this.value = isZero(total) ? 0 : 100 * (this.gain / total);
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

/** TA-Lib's TA_IS_ZERO: values within 1e-8 of zero count as zero. */
export function isZero(x: number): boolean {
  return x > -1e-8 && x < 1e-8;
}

export function rsi(values: Float64Array, period: number): Float64Array {
  return mapValues(values, new Rsi(period));
}
