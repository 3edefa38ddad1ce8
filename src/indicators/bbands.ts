// Bollinger Bands as TA-Lib's BBANDS with an SMA middle: the population standard deviation of the
// window, the same width up and down.
//
// Departure from TA-Lib, which takes the variance as mean of squares minus square of mean from
// running sums: at high prices in quiet markets those two terms agree in all but their last digits
// (BTC at 60,000 moving cents a minute: squares near 3.6e9, a variance near 1e-3), and the bands
// come out several % too wide or narrow, or at 0. Here prices are taken relative to a reference
// price from the window (exact for prices within a factor 2 of it, so the rounding of a price near
// 60,000 never enters a deviation of cents); the mean and the sum of squared deviations are
// updated with the rolling form of Welford's method (add the new value, remove the evicted one)
// and rebuilt exactly from the window (two passes) every `period` updates, or sooner when an
// update would cancel most of the sum, so rounding never accumulates past one window. O(1) per update, amortised. A standard deviation below 1e-10 of the
// price (core/float-tie.ts) is 0.
import { RELATIVE_TIE } from '../core/index.ts';
import { checkPeriod } from './period.ts';
import { RingBuffer } from './ring-buffer.ts';

export interface BBandsResult {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

export class BBands {
  upper = NaN;
  middle = NaN;
  lower = NaN;
  private readonly window: RingBuffer;
  /** A price from the window; `mean` and the deviations are taken relative to it. */
  private reference = 0;
  /** Window mean minus `reference`. */
  private mean = 0;
  /** Sum of squared deviations from the mean over the window. */
  private squares = 0;
  /** Rolling updates since the last exact rebuild. */
  private sinceRebuild = 0;

  constructor(
    readonly period: number,
    readonly stdDevs: number,
  ) {
    checkPeriod('period', period);
    this.window = new RingBuffer(period);
  }

  /** Returns the middle band; `upper` and `lower` are fields. */
  update(x: number): number {
    const evicted = this.window.push(x);
    if (!this.window.full) return this.middle;
    const n = this.period;
    if (Number.isNaN(evicted) || ++this.sinceRebuild >= n) this.rebuild();
    else {
      const added = x - this.reference;
      const removed = evicted - this.reference;
      const mean = this.mean + (added - removed) / n;
      const change = (added - removed) * (added - mean + removed - this.mean);
      // A change larger than what remains (a spike leaving a quiet window) would leave its own
      // rounding, relative to the spike, in a much smaller sum: rebuild instead.
      if (Math.abs(change) > this.squares + change) this.rebuild();
      else {
        this.mean = mean;
        this.squares += change;
      }
    }
    const middle = this.reference + this.mean;
    const variance = this.squares / n;
    const tie = RELATIVE_TIE * middle;
    const width = variance > tie * tie ? this.stdDevs * Math.sqrt(variance) : 0;
    this.middle = middle;
    this.upper = middle + width;
    this.lower = middle - width;
    return this.middle;
  }

  get ready(): boolean {
    return !Number.isNaN(this.middle);
  }

  reset(): void {
    this.window.clear();
    this.reference = 0;
    this.mean = 0;
    this.squares = 0;
    this.sinceRebuild = 0;
    this.upper = NaN;
    this.middle = NaN;
    this.lower = NaN;
  }

  private rebuild(): void {
    const n = this.period;
    const reference = this.window.at(n - 1);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.window.at(i) - reference;
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const d = this.window.at(i) - reference - mean;
      squares += d * d;
    }
    this.reference = reference;
    this.mean = mean;
    this.squares = squares;
    this.sinceRebuild = 0;
  }
}

export function bbands(values: Float64Array, period: number, stdDevs: number): BBandsResult {
  const indicator = new BBands(period, stdDevs);
  const n = values.length;
  const out = { upper: new Float64Array(n), middle: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.middle[i] = indicator.update(values[i]!);
    out.upper[i] = indicator.upper;
    out.lower[i] = indicator.lower;
  }
  return out;
}
