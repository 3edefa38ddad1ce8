// The exchange filters an order must pass before it is sent, as values with a stable code: the
// simulated venue refuses as the exchange would, the risk engine refuses the same orders before
// they leave, and both report them in the same words.
import type { MarketRules } from './market-rules.ts';

/**
 * Which filter an order breaks, named after Binance's filter types: `FILTER_LOT_SIZE` (LOT_SIZE:
 * the quantity rounds to 0 at the lot step), `FILTER_MIN_NOTIONAL` (NOTIONAL / MIN_NOTIONAL,
 * applied to market orders too), `FILTER_PRICE` (PRICE_FILTER: a price at or below 0).
 */
export type FilterCode = 'FILTER_LOT_SIZE' | 'FILTER_MIN_NOTIONAL' | 'FILTER_PRICE';

/** A broken filter: its code and a one-line message. */
export interface FilterBreach {
  readonly code: FilterCode;
  readonly message: string;
}

/**
 * The quantity filter an order of `qty` base units at `price` (quote currency) breaks (lot size,
 * then min notional), or undefined when it passes both.
 */
export function filterBreach(qty: number, price: number, rules: Pick<MarketRules, 'lotStep' | 'minNotional'>): FilterBreach | undefined {
  if (!(qty > 0)) return { code: 'FILTER_LOT_SIZE', message: `order quantity rounds to 0 at lot step ${rules.lotStep}` };
  if (qty * price < rules.minNotional) return { code: 'FILTER_MIN_NOTIONAL', message: `order notional ${formatAmount(qty * price)} below min notional ${rules.minNotional}` };
  return undefined;
}

/**
 * The price filter a limit price or stop trigger (quote currency) breaks, or undefined. Prices
 * reach the venues already on the tick grid (the kernel rounds them), so only a price that
 * rounded to 0 or below is left to catch.
 */
export function priceBreach(price: number): FilterBreach | undefined {
  return price > 0 ? undefined : { code: 'FILTER_PRICE', message: `order price ${formatAmount(price)} is not above 0` };
}

/** An amount for a refusal text: 10 significant digits, without float noise. */
export function formatAmount(x: number): string {
  return Number(x.toPrecision(10)).toString();
}
