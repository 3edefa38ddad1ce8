// The REST endpoints: Binance spot paths, weights and security types (specs/binance-spot.md §3,
// §5), each turning request parameters into the engine's calls and Binance's JSON shapes.
import { timeframeMs } from '../core/index.ts';
import { rejected } from './binance-error.ts';
import { isKlineInterval } from './kline-interval.ts';
import { formatDec, parseDec } from './decimal.ts';
import type { Dec } from './decimal.ts';
import { ORDER_TYPES, RATE_LIMITS, SYMBOL_FEATURES, symbolInfo } from './markets.ts';
import type { LaggingSource } from './faults.ts';
import { checkClientOrderId, checkOrderParams, isBinanceOrderType, ORDER_TYPE_NAMES } from './order-rules.ts';
import type { ListQuery, MatchingEngine, NewOrder } from './matching-engine.ts';
import { newOrderJson, orderJson, tradeJson } from './orders.ts';
import type { OrderType, Side, SimOrder, TimeInForce } from './orders.ts';

export type Security = 'NONE' | 'SIGNED' | 'API_KEY';

export interface RouteContext {
  readonly params: URLSearchParams;
  readonly engine: MatchingEngine;
  readonly now: number;
  readonly limits: { readonly weightPerMinute: number; readonly ordersPer10s: number };
  /** Creates a listen key for the legacy user-data stream. */
  readonly listenKey: () => string;
  /** Whether `source` does not show this order yet (the lookup-lag fault). */
  readonly hidden: (order: SimOrder, source: LaggingSource) => boolean;
}

export interface Route {
  readonly security: Security;
  readonly weight: number | ((params: URLSearchParams) => number);
  /** Counts against the order rate limit. */
  readonly isOrder?: boolean;
  readonly handle: (ctx: RouteContext) => unknown;
}

const SIDES: readonly Side[] = ['BUY', 'SELL'];
const TIFS: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK'];

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw rejected.mandatory(name);
  return value;
}

function decimal(params: URLSearchParams, name: string): Dec | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  if (!/^\d{1,20}(\.\d{1,20})?$/.test(value)) throw rejected.illegalDecimal(name);
  const parsed = parseDec(value);
  if (parsed === undefined) throw rejected.tooPrecise(name);
  return parsed;
}

function integer(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw rejected.mandatory(name);
  return Number(value);
}

function limitParam(params: URLSearchParams, fallback: number, max: number): number {
  return Math.min(Math.max(integer(params, 'limit') ?? fallback, 1), max);
}

const DAY_MS = 86_400_000;

/** startTime/endTime of a list query; Binance refuses a window longer than 24 h (-1127). */
function timeWindow(params: URLSearchParams): { startTime?: number; endTime?: number } {
  const startTime = integer(params, 'startTime');
  const endTime = integer(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined && endTime - startTime > DAY_MS) throw rejected.windowTooLong();
  return { ...(startTime === undefined ? {} : { startTime }), ...(endTime === undefined ? {} : { endTime }) };
}

/** GET /myTrades's allowed parameter sets (specs/binance-spot.md §3.12); any other gets -1128. */
function checkTradeQuery(params: URLSearchParams): void {
  const has = (name: string): boolean => params.get(name) !== null && params.get(name) !== '';
  const byTime = has('startTime') || has('endTime');
  if ((has('fromId') && byTime) || (has('orderId') && byTime)) throw rejected.badCombination();
}

function symbolParam(ctx: RouteContext): string {
  const symbol = required(ctx.params, 'symbol');
  ctx.engine.market(symbol);
  return symbol;
}

/**
 * Reads and checks a new order's parameters as Binance does, before any filter: the values, then
 * the type's parameter rules (order-rules.ts), then what the symbol offers (exchangeInfo).
 */
export function parseNewOrder(params: URLSearchParams, engine: MatchingEngine): { order: NewOrder; respType: string } {
  const symbol = required(params, 'symbol');
  engine.market(symbol);
  const side = required(params, 'side') as Side;
  if (!SIDES.includes(side)) throw rejected.invalidSide();
  const type = required(params, 'type');
  if (!isBinanceOrderType(type)) throw rejected.invalidType();
  const tifText = params.get('timeInForce');
  const timeInForce = tifText === null || tifText === '' ? undefined : (tifText as TimeInForce);
  if (timeInForce !== undefined && !TIFS.includes(timeInForce)) throw rejected.invalidTif();
  const quantity = decimal(params, 'quantity');
  const quoteOrderQty = decimal(params, 'quoteOrderQty');
  const price = decimal(params, 'price');
  const stopPrice = decimal(params, 'stopPrice');
  decimal(params, 'icebergQty');
  const clientOrderId = params.get('newClientOrderId') ?? undefined;
  if (clientOrderId !== undefined) checkClientOrderId('newClientOrderId', clientOrderId);
  checkOrderParams(type, params);
  if (!(ORDER_TYPES as readonly string[]).includes(type)) throw rejected.notSupported(ORDER_TYPE_NAMES[type]);
  if (params.has('icebergQty') && !SYMBOL_FEATURES.icebergAllowed) throw rejected.notSupported('Iceberg');
  if (params.has('trailingDelta') && !SYMBOL_FEATURES.allowTrailingStop) throw rejected.notSupported('Trailing stop');
  const simType = type as OrderType;
  const respType = params.get('newOrderRespType') ?? (type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK');
  return { order: { symbol, side, type: simType, timeInForce, quantity, quoteOrderQty, price, stopPrice, clientOrderId }, respType };
}

function orderRef(params: URLSearchParams): { orderId: number | undefined; clientOrderId: string | undefined } {
  const orderId = integer(params, 'orderId');
  const clientOrderId = params.get('origClientOrderId') ?? undefined;
  if (orderId === undefined && clientOrderId === undefined) throw rejected.eitherParam('orderId', 'origClientOrderId');
  return { orderId, clientOrderId };
}

function ticker24h(ctx: RouteContext, symbol: string): Record<string, unknown> {
  const feed = ctx.engine.feeds.get(symbol)!;
  // The last 24 hours in the replayed timeframe (a 4h or 1d replay has no 1h candles).
  const day = feed.klines(feed.timeframe, undefined, undefined, Math.max(1, Math.ceil(86_400_000 / timeframeMs(feed.timeframe))));
  const last = feed.lastPrice;
  const open = day.length > 0 ? day[0]!.open : Number(last) / 1e8;
  const lastNumber = Number(last) / 1e8;
  const high = Math.max(lastNumber, ...day.map((k) => k.high));
  const low = Math.min(lastNumber, ...day.map((k) => k.low));
  const volume = day.reduce((sum, k) => sum + k.volume, 0);
  const { bid, ask } = ctx.engine.topOfBook(symbol);
  const n = (x: number): string => x.toFixed(8);
  return {
    symbol,
    priceChange: n(lastNumber - open),
    priceChangePercent: ((lastNumber / open - 1) * 100).toFixed(3),
    weightedAvgPrice: formatDec(last),
    prevClosePrice: n(open),
    lastPrice: formatDec(last),
    lastQty: '0.00000000',
    bidPrice: formatDec(bid),
    bidQty: '1.00000000',
    askPrice: formatDec(ask),
    askQty: '1.00000000',
    openPrice: n(open),
    highPrice: n(high),
    lowPrice: n(low),
    volume: n(volume),
    quoteVolume: n(volume * lastNumber),
    openTime: feed.time - 86_400_000,
    closeTime: feed.time,
    firstId: 0,
    lastId: 0,
    count: day.length,
  };
}

/**
 * Binance's 12-column kline rows. Intervals coarser than the replayed candles are aggregated from
 * them; finer ones, and coarser ones the replayed candles do not fit whole into, get Binance's
 * invalid-interval error (-1120), as a string that is no interval at all does; a `timeZone` other
 * than UTC gets -1130.
 */
function klines(ctx: RouteContext): unknown[][] {
  const symbol = symbolParam(ctx);
  const interval = required(ctx.params, 'interval');
  const feed = ctx.engine.feeds.get(symbol)!;
  if (!isKlineInterval(interval) || feed.unservable(interval) !== undefined) throw rejected.invalidInterval();
  // Binance shifts bucket boundaries by `timeZone`; the simulator's are UTC only, so another zone
  // is refused rather than answered with UTC buckets the client would take for its own.
  const zone = ctx.params.get('timeZone');
  if (zone !== null && !/^[+-]?0{1,2}(:00)?$/.test(zone)) throw rejected.invalidParameter('timeZone');
  const rows = feed.klines(interval, integer(ctx.params, 'startTime'), integer(ctx.params, 'endTime'), limitParam(ctx.params, 500, 1000));
  const n = (x: number): string => x.toFixed(8);
  return rows.map((k) => [k.openTime, n(k.open), n(k.high), n(k.low), n(k.close), n(k.volume), k.closeTime, n(k.volume * k.close), k.trades, '0', '0', '0']);
}

/** One row for `symbol`, else an array with a row per symbol (Binance's ticker convention). */
function perSymbol(ctx: RouteContext, row: (symbol: string) => unknown): unknown {
  if (ctx.params.get('symbol') !== null) return row(symbolParam(ctx));
  return [...ctx.engine.markets.keys()].map(row);
}

export const ROUTES: Readonly<Record<string, Route>> = {
  'GET /api/v3/ping': { security: 'NONE', weight: 1, handle: () => ({}) },
  'GET /api/v3/time': { security: 'NONE', weight: 1, handle: (ctx) => ({ serverTime: ctx.now }) },
  'GET /api/v3/exchangeInfo': {
    security: 'NONE',
    weight: 20,
    handle: (ctx) => {
      const wanted = ctx.params.get('symbol') !== null ? [symbolParam(ctx)] : ctx.params.has('symbols') ? (JSON.parse(ctx.params.get('symbols')!) as string[]) : [...ctx.engine.markets.keys()];
      return {
        timezone: 'UTC',
        serverTime: ctx.now,
        rateLimits: RATE_LIMITS(ctx.limits.weightPerMinute, ctx.limits.ordersPer10s),
        exchangeFilters: [],
        symbols: wanted.map((s) => symbolInfo(ctx.engine.market(s))),
      };
    },
  },
  'GET /api/v3/klines': { security: 'NONE', weight: 2, handle: klines },
  // Same parameters and rows as /klines (spec §3.2); the simulator has no other candles to show.
  'GET /api/v3/uiKlines': { security: 'NONE', weight: 2, handle: klines },
  'GET /api/v3/ticker/price': {
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 2 : 4),
    handle: (ctx) => perSymbol(ctx, (symbol) => ({ symbol, price: formatDec(ctx.engine.feeds.get(symbol)!.lastPrice) })),
  },
  'GET /api/v3/ticker/bookTicker': {
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 2 : 4),
    handle: (ctx) =>
      perSymbol(ctx, (symbol) => {
        const { bids, asks } = ctx.engine.depth(symbol, 1);
        return { symbol, bidPrice: formatDec(bids[0]![0]), bidQty: formatDec(bids[0]![1]), askPrice: formatDec(asks[0]![0]), askQty: formatDec(asks[0]![1]) };
      }),
  },
  'GET /api/v3/ticker/24hr': {
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 2 : 80),
    handle: (ctx) => perSymbol(ctx, (symbol) => ticker24h(ctx, symbol)),
  },
  'GET /api/v3/avgPrice': {
    security: 'NONE',
    weight: 2,
    handle: (ctx) => ({ mins: 5, price: formatDec(ctx.engine.feeds.get(symbolParam(ctx))!.lastPrice), closeTime: ctx.now }),
  },
  'GET /api/v3/depth': {
    security: 'NONE',
    weight: (p) => {
      const limit = Number(p.get('limit') ?? 100);
      return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    },
    handle: (ctx) => {
      const symbol = symbolParam(ctx);
      const { bids, asks } = ctx.engine.depth(symbol, limitParam(ctx.params, 100, 5000));
      const pair = ([price, qty]: [Dec, Dec]): [string, string] => [formatDec(price), formatDec(qty)];
      return { lastUpdateId: ctx.engine.feeds.get(symbol)!.time, bids: bids.map(pair), asks: asks.map(pair) };
    },
  },
  'POST /api/v3/order': {
    security: 'SIGNED',
    weight: 1,
    isOrder: true,
    handle: (ctx) => {
      const { order, respType } = parseNewOrder(ctx.params, ctx.engine);
      const placed = ctx.engine.place(order);
      return newOrderJson(placed.order, placed.fills, respType);
    },
  },
  'POST /api/v3/order/test': {
    security: 'SIGNED',
    weight: (p) => (p.get('computeCommissionRates') === 'true' ? 20 : 1),
    handle: (ctx) => {
      ctx.engine.place(parseNewOrder(ctx.params, ctx.engine).order, true);
      return {};
    },
  },
  'DELETE /api/v3/order': {
    security: 'SIGNED',
    weight: 1,
    handle: (ctx) => {
      const symbol = symbolParam(ctx);
      const { orderId, clientOrderId } = orderRef(ctx.params);
      const cancelId = ctx.params.get('newClientOrderId');
      if (cancelId !== null) checkClientOrderId('newClientOrderId', cancelId);
      const order = ctx.engine.cancel(symbol, orderId, clientOrderId);
      return { ...orderJson(order), origClientOrderId: order.clientOrderId, clientOrderId: ctx.params.get('newClientOrderId') ?? `cancel-${order.orderId}`, transactTime: order.updateTime };
    },
  },
  'DELETE /api/v3/openOrders': {
    security: 'SIGNED',
    weight: 1,
    handle: (ctx) => {
      const symbol = symbolParam(ctx);
      const open = ctx.engine.openOrders(symbol);
      if (open.length === 0) throw rejected.unknownOrderCancel();
      return open.map((o) => ({ ...orderJson(ctx.engine.cancel(symbol, o.orderId, undefined)), origClientOrderId: o.clientOrderId }));
    },
  },
  'GET /api/v3/order': {
    security: 'SIGNED',
    weight: 4,
    handle: (ctx) => {
      const symbol = symbolParam(ctx);
      const { orderId, clientOrderId } = orderRef(ctx.params);
      const order = ctx.engine.find(symbol, orderId, clientOrderId);
      if (order === undefined || ctx.hidden(order, 'lookup')) throw rejected.noSuchOrder();
      return orderJson(order);
    },
  },
  'GET /api/v3/openOrders': {
    security: 'SIGNED',
    weight: (p) => (p.has('symbol') ? 6 : 80),
    handle: (ctx) => ctx.engine.openOrders(ctx.params.has('symbol') ? symbolParam(ctx) : undefined).map(orderJson),
  },
  'GET /api/v3/allOrders': {
    security: 'SIGNED',
    weight: 20,
    handle: (ctx) => {
      const symbol = symbolParam(ctx);
      const query: ListQuery<SimOrder> = { ...timeWindow(ctx.params), visible: (o) => !ctx.hidden(o, 'allOrders') };
      return ctx.engine.allOrders(symbol, integer(ctx.params, 'orderId'), limitParam(ctx.params, 500, 1000), query).map(orderJson);
    },
  },
  'GET /api/v3/myTrades': {
    security: 'SIGNED',
    weight: (p) => (p.has('orderId') ? 5 : 20),
    handle: (ctx) => {
      const symbol = symbolParam(ctx);
      checkTradeQuery(ctx.params);
      const orderId = integer(ctx.params, 'orderId');
      const fromId = integer(ctx.params, 'fromId');
      const visible = (t: { orderId: number }): boolean => {
        const order = ctx.engine.find(symbol, t.orderId, undefined);
        return order === undefined || !ctx.hidden(order, 'myTrades');
      };
      return ctx.engine
        .myTrades(symbol, { ...(orderId === undefined ? {} : { orderId }), ...(fromId === undefined ? {} : { fromId }), ...timeWindow(ctx.params), visible, limit: limitParam(ctx.params, 500, 1000) })
        .map(tradeJson);
    },
  },
  'GET /api/v3/account': {
    security: 'SIGNED',
    weight: 20,
    handle: (ctx) => {
      const { maker, taker } = ctx.engine.fees;
      const omitZero = ctx.params.get('omitZeroBalances') === 'true';
      return {
        makerCommission: Number(maker / 10_000n),
        takerCommission: Number(taker / 10_000n),
        buyerCommission: 0,
        sellerCommission: 0,
        commissionRates: { maker: formatDec(maker), taker: formatDec(taker), buyer: '0.00000000', seller: '0.00000000' },
        canTrade: true,
        canWithdraw: false,
        canDeposit: false,
        brokered: false,
        requireSelfTradePrevention: false,
        preventSor: false,
        updateTime: ctx.engine.account.updateTime,
        accountType: 'SPOT',
        balances: ctx.engine.account
          .all()
          .filter(([, b]) => !omitZero || b.free + b.locked > 0n)
          .map(([asset, b]) => ({ asset, free: formatDec(b.free), locked: formatDec(b.locked) })),
        permissions: ['SPOT'],
        uid: 1,
      };
    },
  },
  'POST /api/v3/userDataStream': { security: 'API_KEY', weight: 2, handle: (ctx) => ({ listenKey: ctx.listenKey() }) },
  'PUT /api/v3/userDataStream': { security: 'API_KEY', weight: 2, handle: () => ({}) },
  'DELETE /api/v3/userDataStream': { security: 'API_KEY', weight: 2, handle: () => ({}) },
};
