// The exchange filters an order must pass before it is sent, with the refusal texts both venues
// report: the simulated venue refuses as the exchange would, and the live venue refuses the same
// orders the same way before they leave, so a refusal reads alike in a backtest and in a live run.
import type { MarketRules } from '../core/index.ts';

/**
 * Why an order of `qty` base units at `price` (quote currency) breaks the market's filters, or
 * undefined when it passes: a quantity that rounds to 0 at the lot step, a notional under min
 * notional (Binance's NOTIONAL / MIN_NOTIONAL filter, applied to market orders too).
 */
export function filterRefusal(qty: number, price: number, rules: Pick<MarketRules, 'lotStep' | 'minNotional'>): string | undefined {
  if (!(qty > 0)) return `order quantity rounds to 0 at lot step ${rules.lotStep}`;
  if (qty * price < rules.minNotional) return `order notional ${formatAmount(qty * price)} below min notional ${rules.minNotional}`;
  return undefined;
}

/** An amount for a refusal text: 10 significant digits, without float noise. */
export function formatAmount(x: number): string {
  return Number(x.toPrecision(10)).toString();
}
