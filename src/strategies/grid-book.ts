// A price grid: evenly spaced lines in a band; each level buys when the close crosses down through
// its line and sells when the close crosses up through the next line. Used by `grid` and by the
// range regime of `regime-adaptive`. A close that touches a line counts as reaching it; "touches"
// is equal up to float noise at the price scale (core/float-tie.ts), since the lines are computed
// and a close equal to one in decimal may land a hair on either side of it in float64.
import { isTie } from '../core/index.ts';
import type { Intent } from '../core/index.ts';

export class GridBook {
  private readonly lines: Float64Array;
  private readonly held: Uint8Array;
  private heldCount = 0;
  private previousClose = NaN;

  constructor(lower: number, upper: number, readonly levels: number) {
    this.lines = new Float64Array(levels + 1);
    for (let j = 0; j <= levels; j++) this.lines[j] = lower + ((upper - lower) * j) / levels;
    this.held = new Uint8Array(levels);
  }

  get lower(): number {
    return this.lines[0]!;
  }

  get upper(): number {
    return this.lines[this.levels]!;
  }

  /**
   * Feeds a close; returns one intent covering every level crossed in this candle. Entry fractions
   * split the free cash evenly over the levels not yet held; exits sell the matching share.
   */
  update(close: number, position: number): Intent | null {
    if (position <= 0 && this.heldCount > 0) this.forgetHoldings(); // stopped out or refused fills
    const prev = this.previousClose;
    this.previousClose = close;
    if (Number.isNaN(prev)) return null;
    let buys = 0;
    let sells = 0;
    for (let j = 0; j < this.levels; j++) {
      const buyLine = this.lines[j]!;
      const sellLine = this.lines[j + 1]!;
      if (this.held[j] === 0 && above(prev, buyLine) && !above(close, buyLine)) {
        this.held[j] = 1;
        buys++;
      } else if (this.held[j] === 1 && below(prev, sellLine) && !below(close, sellLine)) {
        this.held[j] = 0;
        sells++;
      }
    }
    if (buys > 0 && sells === 0) {
      const free = this.levels - this.heldCount;
      this.heldCount += buys;
      return { type: 'enter', side: 'long', fraction: buys / free };
    }
    if (sells > 0 && buys === 0) {
      const fraction = sells / this.heldCount;
      this.heldCount -= sells;
      return { type: 'exit', fraction };
    }
    this.heldCount += buys - sells;
    return null;
  }

  private forgetHoldings(): void {
    this.held.fill(0);
    this.heldCount = 0;
  }
}

/** Strictly above the line, beyond float noise. */
function above(price: number, line: number): boolean {
  return price > line && !isTie(price, line);
}

/** Strictly below the line, beyond float noise. */
function below(price: number, line: number): boolean {
  return price < line && !isTie(price, line);
}
