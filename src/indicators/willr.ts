// Williams %R in [-100, 0], as TA-Lib: (highest - close) / ((highest - lowest) / -100), 0 on a flat
// window. Departure from TA-Lib: a window flat up to float noise (core/float-tie.ts) is flat, where
// TA-Lib divides by the noise and gets 0 or -100 depending on the price scale.
import { isTie } from '../core/index.ts';
import type { Candle } from '../core/index.ts';
import { mapBars } from './batch.ts';
import { checkPeriod } from './period.ts';
import { RingBuffer } from './ring-buffer.ts';

export class WillR {
  value = NaN;
  private readonly highs: RingBuffer;
  private readonly lows: RingBuffer;

  constructor(readonly period: number) {
    checkPeriod('period', period);
    this.highs = new RingBuffer(period);
    this.lows = new RingBuffer(period);
  }

  update(candle: Candle): number {
    return this.step(candle.high, candle.low, candle.close);
  }

  step(high: number, low: number, close: number): number {
    this.highs.push(high);
    this.lows.push(low);
    if (!this.highs.full) return this.value;
    const highest = this.highs.max();
    const lowest = this.lows.min();
    this.value = isTie(highest, lowest) ? 0 : (highest - close) / ((highest - lowest) / -100);
    return this.value;
  }

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.value = NaN;
  }
}

export function willr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  return mapBars(high, low, close, new WillR(period));
}
