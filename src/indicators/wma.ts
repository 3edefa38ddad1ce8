// Linearly weighted moving average (weights 1..period, newest heaviest), O(1) per update:
// shifting the window subtracts the plain sum once and adds the new value at full weight.
import { mapValues } from './batch.ts';
import { checkPeriod } from './period.ts';
import { RingBuffer } from './ring-buffer.ts';

export class Wma {
  value = NaN;
  private readonly window: RingBuffer;
  private readonly divider: number;
  private sum = 0;
  private weighted = 0;

  constructor(readonly period: number) {
    checkPeriod('period', period);
    this.window = new RingBuffer(period);
    this.divider = (period * (period + 1)) / 2;
  }

  update(x: number): number {
    if (!this.window.full) {
      this.window.push(x);
      this.sum += x;
      this.weighted += this.window.count * x;
      if (this.window.full) this.value = this.weighted / this.divider;
      return this.value;
    }
    const oldest = this.window.push(x);
    this.weighted += this.period * x - this.sum;
    this.sum += x - oldest;
    this.value = this.weighted / this.divider;
    return this.value;
  }

  get ready(): boolean {
    return this.window.full;
  }

  reset(): void {
    this.window.clear();
    this.sum = 0;
    this.weighted = 0;
    this.value = NaN;
  }
}

export function wma(values: Float64Array, period: number): Float64Array {
  return mapValues(values, new Wma(period));
}
