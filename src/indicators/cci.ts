// Commodity channel index, as TA-Lib: typical price vs its SMA over 0.015 × mean absolute deviation
// (O(period) per update, as in TA-Lib); 0 when the deviation is 0.
import type { Candle } from '../core/index.ts';
import { mapBars } from './batch.ts';
import { checkPeriod } from './period.ts';
import { RingBuffer } from './ring-buffer.ts';

export class Cci {
  value = NaN;
  private readonly window: RingBuffer;

  constructor(readonly period: number) {
    checkPeriod('period', period);
    this.window = new RingBuffer(period);
  }

  update(candle: Candle): number {
    return this.step(candle.high, candle.low, candle.close);
  }

  step(high: number, low: number, close: number): number {
    const typical = (high + low + close) / 3;
    this.window.push(typical);
    if (!this.window.full) return this.value;
    const n = this.period;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.window.at(i);
    const average = sum / n;
    let deviation = 0;
    for (let i = 0; i < n; i++) deviation += Math.abs(this.window.at(i) - average);
    deviation /= n;
    const distance = typical - average;
    this.value = distance !== 0 && deviation !== 0 ? distance / (0.015 * deviation) : 0;
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

export function cci(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  return mapBars(high, low, close, new Cci(period));
}
