// Rate of change in percent: (price / price n candles ago - 1) * 100, 0 when the old price is 0 (TA-Lib).
import { mapValues } from './batch.ts';
import { checkPeriod } from './period.ts';
import { RingBuffer } from './ring-buffer.ts';

export class Roc {
  value = NaN;
  private readonly window: RingBuffer;

  constructor(readonly period: number) {
    checkPeriod('period', period);
    this.window = new RingBuffer(period + 1);
  }

  update(x: number): number {
    this.window.push(x);
    if (!this.window.full) return this.value;
    const old = this.window.at(0);
    this.value = old !== 0 ? (x / old - 1) * 100 : 0;
    return this.value;
  }

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  reset(): void {
    this.window.clear();
    this.value = NaN;
  }
}

export function roc(values: Float64Array, period: number): Float64Array {
  return mapValues(values, new Roc(period));
}
