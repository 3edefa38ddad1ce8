// Crossing of two lines: a cross is a change of side. A tie (equal up to float noise, judged
// against the price scale) is on neither side, so below → equal → above crosses when the line
// reaches above, and below → equal → below (a touch) does not cross; backtrader's CrossOver counts
// the same way (the last non-zero difference decides). Before either side is known nothing crosses.
import { isTie } from '../core/index.ts';

export type CrossDirection = 1 | -1 | 0;

export class CrossDetector {
  /** The last side `a` was on: 1 above `b`, -1 below, 0 not known yet. Ties leave it unchanged. */
  private side: CrossDirection = 0;

  /**
   * +1 when `a` crosses above `b`, -1 when below, 0 otherwise (warm-up NaNs never cross).
   * `scale` is the magnitude of the prices the lines come from, for telling a tie from float
   * noise: lines that are differences of prices (MACD and its signal, near 0 at a cross) pass
   * the price; by default the larger of |a| and |b|.
   */
  update(a: number, b: number, scale?: number): CrossDirection {
    if (Number.isNaN(a) || Number.isNaN(b) || isTie(a, b, scale)) return 0;
    const side: CrossDirection = a > b ? 1 : -1;
    const previous = this.side;
    this.side = side;
    return previous !== 0 && previous !== side ? side : 0;
  }
}
