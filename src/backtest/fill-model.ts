// The fill model's price rules (docs/architecture.md, "Fill model"), as pure functions over float64.
// float64 is deliberate: the backtest hot loop needs the speed, and nothing here goes to an exchange.
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
 * A resting limit order fills when the candle trades through it: at the limit, or at the open
 * when the candle opened beyond it (a gap gives the better price). NaN when it does not fill.
 */
export function limitFillPrice(isBuy: boolean, limit: number, open: number, high: number, low: number): number {
  if (isBuy) {
    if (open <= limit) return open;
    return low <= limit ? limit : NaN;
  }
  if (open >= limit) return open;
  return high >= limit ? limit : NaN;
}

/**
 * A stop on a long (sell stop) triggers when low <= stop; on a short (buy stop) when high >= stop.
 * It fills at the stop, or at the open if the candle gapped through it. NaN when not triggered.
 */
export function stopFillPrice(isLong: boolean, stop: number, open: number, high: number, low: number): number {
  if (isLong) {
    if (open <= stop) return open;
    return low <= stop ? stop : NaN;
  }
  if (open >= stop) return open;
  return high >= stop ? stop : NaN;
}

/** Removes binary noise after step arithmetic (0.1 * 3 = 0.30000000000000004). */
function roundFloat(x: number): number {
  return Number(x.toPrecision(12));
}
