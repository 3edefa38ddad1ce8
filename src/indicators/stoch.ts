// Stochastic oscillator as TA-Lib's STOCH with SMA smoothing: fast %K over `k` candles, slow %K =
// SMA(kSlow) of it, %D = SMA(d) of slow %K; both outputs start when %D is ready, as in TA-Lib.
// Departure from TA-Lib: a window whose highest high and lowest low are equal up to float noise
// (core/float-tie.ts) is flat (fast %K 0, as TA-Lib gives for an exactly flat one), where TA-Lib
// divides by the noise and gets 0 or 100 depending on the price scale.
import { isTie } from '../core/index.ts';
import type { Candle } from '../core/index.ts';
import { checkPeriod } from './period.ts';
import { RingBuffer } from './ring-buffer.ts';
import { Sma } from './sma.ts';

export interface StochResult {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

export class Stoch {
  k = NaN;
  d = NaN;
  private readonly highs: RingBuffer;
  private readonly lows: RingBuffer;
  private readonly slowK: Sma;
  private readonly slowD: Sma;

  constructor(kPeriod: number, kSlow: number, dPeriod: number) {
    checkPeriod('k', kPeriod);
    checkPeriod('kSlow', kSlow);
    checkPeriod('d', dPeriod);
    this.highs = new RingBuffer(kPeriod);
    this.lows = new RingBuffer(kPeriod);
    this.slowK = new Sma(kSlow);
    this.slowD = new Sma(dPeriod);
  }

  update(candle: Candle): number {
    return this.step(candle.high, candle.low, candle.close);
  }

  /** Returns slow %K; `d` is a field. */
  step(high: number, low: number, close: number): number {
    this.highs.push(high);
    this.lows.push(low);
    if (!this.highs.full) return this.k;
    const lowest = this.lows.min();
    const highest = this.highs.max();
    const fastK = isTie(highest, lowest) ? 0 : (close - lowest) / ((highest - lowest) / 100);
    const slowK = this.slowK.update(fastK);
    if (Number.isNaN(slowK)) return this.k;
    const d = this.slowD.update(slowK);
    if (!Number.isNaN(d)) {
      this.k = slowK;
      this.d = d;
    }
    return this.k;
  }

  get ready(): boolean {
    return !Number.isNaN(this.d);
  }

  reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.slowK.reset();
    this.slowD.reset();
    this.k = NaN;
    this.d = NaN;
  }
}

export function stoch(high: Float64Array, low: Float64Array, close: Float64Array, k: number, kSlow: number, d: number): StochResult {
  const indicator = new Stoch(k, kSlow, d);
  const n = close.length;
  const out = { k: new Float64Array(n), d: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.k[i] = indicator.step(high[i]!, low[i]!, close[i]!);
    out.d[i] = indicator.d;
  }
  return out;
}
