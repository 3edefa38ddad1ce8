// The simulator's symbols and their exchangeInfo: Binance-spot filters for the bundled pairs,
// as exact decimals so the filter checks are exact too.
import { marketRules } from '../core/index.ts';
import { decFromNumber, formatDec } from './decimal.ts';
import type { Dec } from './decimal.ts';

export interface SimMarket {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly tickSize: Dec;
  readonly minPrice: Dec;
  readonly maxPrice: Dec;
  readonly stepSize: Dec;
  readonly minQty: Dec;
  readonly maxQty: Dec;
  readonly minNotional: Dec;
  /** NOTIONAL maxNotional; not applied to MARKET orders (applyMaxToMarket false, as on Binance's spot pairs). */
  readonly maxNotional: Dec;
  readonly maxNumOrders: number;
}

/** What every symbol offers, as exchangeInfo lists it and as new orders are checked. */
export const ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'] as const;
export const SYMBOL_FEATURES = { icebergAllowed: false, allowTrailingStop: false, quoteOrderQtyMarketAllowed: true } as const;
const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'BTC', 'ETH', 'BNB', 'EUR'];

export function simMarket(symbol: string): SimMarket {
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length);
  if (quote === undefined) throw new Error(`cannot tell the quote asset of ${symbol}`);
  const rules = marketRules('binance', symbol);
  const tick = decFromNumber(rules.tickSize || 0.00000001);
  const step = decFromNumber(rules.lotStep || 0.00000001);
  return {
    symbol,
    baseAsset: symbol.slice(0, -quote.length),
    quoteAsset: quote,
    tickSize: tick,
    minPrice: tick,
    maxPrice: decFromNumber(1_000_000),
    stepSize: step,
    minQty: step,
    maxQty: decFromNumber(9_000_000),
    minNotional: decFromNumber(rules.minNotional || 5),
    maxNotional: decFromNumber(9_000_000),
    maxNumOrders: 200,
  };
}

export const RATE_LIMITS = (weightPerMinute: number, ordersPer10s: number) => [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightPerMinute },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: ordersPer10s },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200_000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61_000 },
];

export function symbolInfo(m: SimMarket): Record<string, unknown> {
  return {
    symbol: m.symbol,
    status: 'TRADING',
    baseAsset: m.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: m.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: [...ORDER_TYPES],
    icebergAllowed: SYMBOL_FEATURES.icebergAllowed,
    ocoAllowed: false,
    otoAllowed: false,
    quoteOrderQtyMarketAllowed: SYMBOL_FEATURES.quoteOrderQtyMarketAllowed,
    allowTrailingStop: SYMBOL_FEATURES.allowTrailingStop,
    cancelReplaceAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: formatDec(m.minPrice), maxPrice: formatDec(m.maxPrice), tickSize: formatDec(m.tickSize) },
      { filterType: 'LOT_SIZE', minQty: formatDec(m.minQty), maxQty: formatDec(m.maxQty), stepSize: formatDec(m.stepSize) },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: formatDec(m.maxQty), stepSize: '0.00000000' },
      { filterType: 'NOTIONAL', minNotional: formatDec(m.minNotional), applyMinToMarket: true, maxNotional: formatDec(m.maxNotional), applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: m.maxNumOrders },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'NONE',
    allowedSelfTradePreventionModes: ['NONE'],
  };
}
