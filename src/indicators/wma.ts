// Linearly weighted moving average (weights 1..period, newest heaviest), O(1) per update:
// shifting the window subtracts the plain sum once and adds the new value at full weight. Both
// running sums are rebuilt from the window every `period` updates (window-sum.ts) so their
// rounding does not accumulate over a long series (TA-Lib lets it).
import { mapValues } from './batch.ts';
import { checkPeriod } from './period.ts';
import { RingBuffer } from './ring-buffer.ts';
import { windowSum } from './window-sum.ts';

export class Wma {
  value = NaN;
  private readonly window: RingBuffer;
  private readonly divider: number;
  private sum = 0;
  private weighted = 0;
  private sinceRebuild = 0;

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
    if (++this.sinceRebuild >= this.period) this.rebuild();
    else {
      this.weighted += this.period * x - this.sum;
      this.sum += x - oldest;
    }
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
    this.sinceRebuild = 0;
    this.value = NaN;
  }

  private rebuild(): void {
    let weighted = 0;
    for (let i = 0; i < this.period; i++) weighted += (i + 1) * this.window.at(i);
    this.sum = windowSum(this.window);
    this.weighted = weighted;
    this.sinceRebuild = 0;
  }
}

export function wma(values: Float64Array, period: number): Float64Array {
  return mapValues(values, new Wma(period));
}
