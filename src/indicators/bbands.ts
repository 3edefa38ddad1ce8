// Bollinger Bands as TA-Lib's BBANDS with an SMA middle: population standard deviation from
// running sums (mean of squares minus square of mean), the same width up and down.
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
  private sum = 0;
  private sumSq = 0;

  constructor(
    readonly period: number,
    readonly stdDevs: number,
  ) {
    checkPeriod('period', period);
    this.window = new RingBuffer(period);
  }

  /** Returns the middle band; `upper` and `lower` are fields. */
  update(x: number): number {
    this.window.push(x);
    this.sum += x;
    this.sumSq += x * x;
    if (!this.window.full) return this.middle;
    const n = this.period;
    const mean = this.sum / n;
    const variance = this.sumSq / n - mean * mean;
    const width = this.stdDevs * (variance > 0 ? Math.sqrt(variance) : 0);
    this.middle = mean;
    this.upper = mean + width;
    this.lower = mean - width;
    const oldest = this.window.at(0);
    this.sum -= oldest;
    this.sumSq -= oldest * oldest;
    return this.middle;
  }

  get ready(): boolean {
    return !Number.isNaN(this.middle);
  }

  reset(): void {
    this.window.clear();
    this.sum = 0;
    this.sumSq = 0;
    this.upper = NaN;
    this.middle = NaN;
    this.lower = NaN;
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
