// The rules on one entry's price and size, as pure functions of the order, its estimate and the
// portfolio: price sanity against the last trade, the position's share of equity, the order's
// share of capital.
import { formatAmount } from '../core/index.ts';
import type { RiskLimits } from '../core/index.ts';
import type { OrderEstimate, RiskOrder, RiskState } from './risk-order.ts';
import { refusal } from './refusal.ts';
import type { RiskRefusal } from './refusal.ts';

/**
 * The first of the price and size limits an entry breaks, or undefined. `capital` (quote) is what
 * `maxOrderPct` is a share of. An entry's size is its estimate (quantity at the reference price),
 * so an estimate without a quantity (NaN) cannot pass a size limit.
 */
export function entryLimitRefusal(order: RiskOrder, estimate: OrderEstimate, state: RiskState, limits: RiskLimits, capital: number): RiskRefusal | undefined {
  const { maxPriceDeviationPct, maxPositionPct, maxOrderPct } = limits;
  if (maxPriceDeviationPct !== undefined && order.price !== undefined) {
    const deviation = (Math.abs(order.price - state.lastPrice) / state.lastPrice) * 100;
    if (!(deviation <= maxPriceDeviationPct)) {
      return refusal('PRICE_DEVIATION', `order price ${formatAmount(order.price)} is ${formatAmount(deviation)}% from the last trade price ${formatAmount(state.lastPrice)} (limit ${maxPriceDeviationPct}%)`);
    }
  }
  if (maxPositionPct !== undefined) {
    const after = positionAfter(order, estimate, state) * estimate.price;
    const bound = (state.equity * maxPositionPct) / 100;
    if (!(after <= bound)) return refusal('POSITION_LIMIT', `position after the order ${formatAmount(after)} above ${maxPositionPct}% of equity (${formatAmount(bound)})`);
  }
  if (maxOrderPct !== undefined) {
    const notional = estimate.qty * estimate.price;
    const bound = (capital * maxOrderPct) / 100;
    if (!(notional <= bound)) return refusal('ORDER_LIMIT', `order notional ${formatAmount(notional)} above ${maxOrderPct}% of capital (${formatAmount(bound)})`);
  }
  return undefined;
}

/**
 * The position's size, base units, once an entry fills: added to a position of its side, or
 * alone when it reverses one of the other side (the venue closes that first).
 */
export function positionAfter(order: RiskOrder, estimate: OrderEstimate, state: RiskState): number {
  const sameSide = state.position === 0 || state.position > 0 === (order.side === 'buy');
  return sameSide ? Math.abs(state.position) + estimate.qty : estimate.qty;
}
