// Commodity channel index, as TA-Lib: typical price vs its SMA over 0.015 × mean absolute deviation
// (O(period) per update, as in TA-Lib); 0 when the deviation or the distance is 0. Departure from
// TA-Lib: either counts as 0 within 1e-10 of the average (core/float-tie.ts). The average is
// rounded, so in a flat window the typical price and the average differ by float noise and
// TA-Lib's exact test divides noise by noise (±66.67, its sign depending on the price scale); a
// typical price equal to the average in decimal likewise gives TA-Lib noise instead of 0.
import { isTie, RELATIVE_TIE } from '../core/index.ts';
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
    const flat = deviation <= RELATIVE_TIE * Math.abs(average) || isTie(typical, average);
    this.value = flat ? 0 : distance / (0.015 * deviation);
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
