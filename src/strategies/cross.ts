// Strict crossing of two lines: the difference must be strictly below zero on the previous candle
// and strictly above on this one (or the reverse). Touching zero is not a cross.

export type CrossDirection = 1 | -1 | 0;

export class CrossDetector {
  private previous = NaN;

  /** +1 when `a` crosses above `b`, -1 when below, 0 otherwise (warm-up NaNs never cross). */
  update(a: number, b: number): CrossDirection {
    const diff = a - b;
    const prev = this.previous;
    this.previous = diff;
    if (prev < 0 && diff > 0) return 1;
    if (prev > 0 && diff < 0) return -1;
    return 0;
  }
}
