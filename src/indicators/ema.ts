// Exponential moving average, TA-Lib style: seeded by the SMA of the first `period` values,
// then prev + k * (x - prev) with k = 2 / (period + 1).
import { mapValues } from './batch.ts';
import { checkPeriod } from './period.ts';

export class Ema {
  value = NaN;
  private readonly k: number;
  private count = 0;
  private seedSum = 0;

  constructor(readonly period: number) {
    checkPeriod('period', period);
    this.k = 2 / (period + 1);
  }

  update(x: number): number {
    if (this.count < this.period) {
      this.seedSum += x;
      this.count++;
      if (this.count === this.period) this.value = this.seedSum / this.period;
      return this.value;
    }
    this.value = (x - this.value) * this.k + this.value;
    return this.value;
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.value = NaN;
  }
}

export function ema(values: Float64Array, period: number): Float64Array {
  return mapValues(values, new Ema(period));
}
