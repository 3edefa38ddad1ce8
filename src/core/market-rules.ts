// Default trading rules for backtests, from Binance spot's exchangeInfo filters
// (LOT_SIZE stepSize, PRICE_FILTER tickSize, NOTIONAL minNotional) for the bundled symbols.
// Unknown symbols get no rounding and no minimum, and the user can set them with flags.

export interface MarketRules {
  readonly lotStep: number;
  readonly tickSize: number;
  readonly minNotional: number;
}

const BINANCE_SPOT: Readonly<Record<string, MarketRules>> = {
  BTCUSDT: { lotStep: 0.00001, tickSize: 0.01, minNotional: 5 },
  ETHUSDT: { lotStep: 0.0001, tickSize: 0.01, minNotional: 5 },
  XRPUSDT: { lotStep: 0.1, tickSize: 0.0001, minNotional: 5 },
  ADAUSDT: { lotStep: 0.1, tickSize: 0.0001, minNotional: 5 },
  SOLUSDT: { lotStep: 0.001, tickSize: 0.01, minNotional: 5 },
  BNBUSDT: { lotStep: 0.001, tickSize: 0.01, minNotional: 5 },
};

const NO_RULES: MarketRules = { lotStep: 0, tickSize: 0, minNotional: 0 };

/** Whether rampart knows the venue's rules for the symbol (else a run uses none unless given by flags). */
export function hasMarketRules(exchange: string, symbol: string): boolean {
  return exchange === 'binance' && BINANCE_SPOT[symbol.toUpperCase()] !== undefined;
}

export function marketRules(exchange: string, symbol: string): MarketRules {
  if (exchange !== 'binance') return NO_RULES;
  return BINANCE_SPOT[symbol.toUpperCase()] ?? NO_RULES;
}
