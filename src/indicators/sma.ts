// Simple moving average, as TA-Lib's SMA (running sum over the window). Departure from TA-Lib: the
// running sum is rebuilt from the window every `period` updates (window-sum.ts), so its rounding
// does not accumulate over a long series; a decimal tie between two SMAs stays a tie up to noise.
import { mapValues } from './batch.ts';
import { checkPeriod } from './period.ts';
import { RingBuffer } from './ring-buffer.ts';
import { windowSum } from './window-sum.ts';

export class Sma {
  value = NaN;
  private readonly window: RingBuffer;
  private sum = 0;
  private sinceRebuild = 0;

  constructor(readonly period: number) {
    checkPeriod('period', period);
    this.window = new RingBuffer(period);
  }

  update(x: number): number {
    this.window.push(x);
    this.sum += x;
    if (!this.window.full) return this.value;
    if (++this.sinceRebuild >= this.period) {
      this.sum = windowSum(this.window);
      this.sinceRebuild = 0;
    }
    this.value = this.sum / this.period;
    // TA-Lib subtracts the trailing value after taking the average.
    this.sum -= this.window.at(0);
    return this.value;
  }

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  reset(): void {
    this.window.clear();
    this.sum = 0;
    this.sinceRebuild = 0;
    this.value = NaN;
  }
}

export function sma(values: Float64Array, period: number): Float64Array {
  return mapValues(values, new Sma(period));
}
