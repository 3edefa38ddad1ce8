// The exchange filters (core/order-filters.ts) as the venues report them: a refusal text, so a
// refusal reads alike in a backtest and in a live run.
import { filterBreach } from '../core/index.ts';
import type { MarketRules } from '../core/index.ts';

export { formatAmount } from '../core/index.ts';

/**
 * Why an order of `qty` base units at `price` (quote currency) breaks the market's filters, or
 * undefined when it passes: a quantity that rounds to 0 at the lot step, a notional under min
 * notional (Binance's NOTIONAL / MIN_NOTIONAL filter, applied to market orders too).
 */
export function filterRefusal(qty: number, price: number, rules: Pick<MarketRules, 'lotStep' | 'minNotional'>): string | undefined {
  return filterBreach(qty, price, rules)?.message;
}
