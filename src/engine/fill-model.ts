// The fill model's price rules (docs/architecture.md, "Fill model"), as pure functions over float64.
// float64 is deliberate: the backtest hot loop needs the speed, and nothing here goes to an exchange.
//
// Prices inside a candle happen in an order: the open first, then the range [low, high], whose
// order is unknown. An order resting before the candle (a stop, a target, a limit decided at an
// earlier close) fills at the open when the open is already beyond it, whichever level the open
// gapped through; only when the open is inside its levels does the range decide, and where a stop
// and a target could both have hit in the range, the stop is assumed first (pessimistic). An order
// armed inside the candle (the stop and target of an entry filled at a limit, at the open, or at
// the close with --fill close) can fill only at prices after it was armed: it watches from its
// arming price (`from` below) instead of the open, and one armed at the close waits for the next
// candle. So a stop armed by a limit fill fills at the stop, never at the earlier open.
import { roundDownToStep } from '../core/index.ts';

export { roundDownToStep };

/** Rounds a price to the nearest tick; without a tick, to 12 significant digits (100 * 1.1 → 110). */
export function roundToTick(price: number, tick: number): number {
  if (tick <= 0) return roundFloat(price);
  return roundFloat(Math.round(price / tick) * tick);
}

/** Market fills pay slippage: buyers pay more, sellers receive less. */
export function withSlippage(price: number, isBuy: boolean, slippage: number): number {
  return isBuy ? price * (1 + slippage) : price * (1 - slippage);
}

/**
 * A limit order (an entry limit, a take-profit) fills when the prices from `from` on trade
 * through it: at `from` when that is already beyond the limit (a gap gives the better price), else
 * at the limit when the range reaches it. `from` is the candle's open for an order resting before
 * the candle, the arming price for one armed inside it. NaN when it does not fill.
 */
export function limitFillPrice(isBuy: boolean, limit: number, from: number, high: number, low: number): number {
  if (isBuy) {
    if (from <= limit) return from;
    return low <= limit ? limit : NaN;
  }
  if (from >= limit) return from;
  return high >= limit ? limit : NaN;
}

/**
 * A stop on a long (sell stop) triggers when the price falls to it; on a short (buy stop) when it
 * rises to it. It fills at `from` (the open, or the arming price) when that is already beyond the
 * stop, else at the stop when the range reaches it. NaN when not triggered.
 */
export function stopFillPrice(isLong: boolean, stop: number, from: number, high: number, low: number): number {
  if (isLong) {
    if (from <= stop) return from;
    return low <= stop ? stop : NaN;
  }
  if (from >= stop) return from;
  return high >= stop ? stop : NaN;
}

/** Removes binary noise after step arithmetic (0.1 * 3 = 0.30000000000000004). */
function roundFloat(x: number): number {
  return Number(x.toPrecision(12));
}
