// When two float64 values computed from prices are "equal": a tie judged relative to the price
// scale, so that a decision made at prices around 1e-5 is the one made at the same prices × 1e5.
//
// Prices read from decimal text carry a rounding error of about 1e-16 of their size, and every
// indicator step adds a few more of those; a decimal tie (two closes 1.30 and 1.30, an SMA(1)
// equal to an SMA(2)) arrives as a difference of that order, of either sign. An absolute
// threshold (TA-Lib's TA_IS_ZERO: |x| < 1e-8) is wrong at both ends of the price scale: it
// swallows whole price moves of a coin quoted at 1e-5 and misses the noise of one quoted at 1e5.
// 1e-10 of the scale is a million times the noise of a price, far above what indicator
// arithmetic accumulates, and far below any exchange's tick (1e-8 of BTC's price at its finest).

/** Two values closer than this fraction of their scale are a tie. */
export const RELATIVE_TIE = 1e-10;

/**
 * True when `a` and `b` are equal up to float noise at `scale` (a positive price-like magnitude
 * the two were computed from; by default the larger of |a| and |b|).
 */
export function isTie(a: number, b: number, scale = Math.max(Math.abs(a), Math.abs(b))): boolean {
  return Math.abs(a - b) <= RELATIVE_TIE * scale;
}
