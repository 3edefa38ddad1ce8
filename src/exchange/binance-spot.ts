// The Exchange port on Binance's official connector (@binance/spot): a second client, written
// independently of ccxt, that speaks Binance's REST API directly. The contract suite runs against
// both, so a quirk of one client cannot pass for the venue's behaviour. It is also the lighter path
// to Binance (no ccxt market cache or unified parsing per call).
import {
  BadRequestError,
  ConnectorClientError,
  ForbiddenError,
  NotFoundError,
  RateLimitBanError,
  ServerError,
  Spot,
  SPOT_REST_API_PROD_URL,
  SPOT_REST_API_TESTNET_URL,
  SpotRestAPI,
  TooManyRequestsError,
  UnauthorizedError,
} from '@binance/spot';
import { BadSymbol, exactSum, OrderNotFound, RampartError, systemClock } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';
import { binanceFill, binanceOrderParams, binanceVenueOrder } from './binance-order.ts';
import type { BinanceOrder, BinanceTrade } from './binance-order.ts';
import type { BinanceVenue } from './ccxt-binance.ts';
import { DIRECT_GATE } from './call-gate.ts';
import type { CallGate } from './call-gate.ts';
import { wireConnector } from './connector-wire.ts';
import { mapBinanceError } from './error-map.ts';
import { PAGE_LIMIT, readAllPages } from './paging.ts';
import type { AccountTrade, Balance, Exchange, ExchangeMarket, OrderFill, OrderRequest, SigningClock, VenueCredentials, VenueOrder } from './port.ts';
import { retryAfterMs } from './reply-headers.ts';
import { VenueClock } from './venue-clock.ts';
import type { AdapterOptions } from './venue-clock.ts';

type RestApi = SpotRestAPI.RestAPI;

interface RestReply<T> {
  data(): Promise<T>;
}

export function binanceSpotClient(venue: BinanceVenue, credentials?: VenueCredentials, options: { timeoutMs?: number } = {}): RestApi {
  const basePath = venue.kind === 'simulator' ? venue.restUrl : venue.kind === 'testnet' ? SPOT_REST_API_TESTNET_URL : SPOT_REST_API_PROD_URL;
  const spot = new Spot({
    configurationRestAPI: {
      // Public calls need no key; the connector's type insists on one.
      apiKey: credentials?.apiKey ?? '',
      ...(credentials === undefined ? {} : { apiSecret: credentials.secret }),
      basePath,
      timeout: options.timeoutMs ?? 10_000,
      // Our limiter decides what may be retried; the connector would retry GET/DELETE on its own.
      retries: 0,
    },
  });
  return spot.restAPI;
}

export class BinanceSpotExchange implements Exchange {
  private markets: Map<string, ExchangeMarket> | undefined;
  private symbolsById = new Map<string, string>();
  /** The latest reply's headers, refusals included (set by the connector hooks). */
  private lastHeaders: Record<string, string> | undefined;
  private readonly clock: VenueClock;

  constructor(
    readonly id: string,
    private readonly rest: RestApi,
    private readonly gate: CallGate = DIRECT_GATE,
    options: AdapterOptions = {},
  ) {
    const serverTime = async (): Promise<number> => Number((await this.gate.run(1, () => this.request(() => this.rest.time()), () => this.lastHeaders, true)).serverTime);
    this.clock = new VenueClock(options.clock ?? systemClock, serverTime);
    wireConnector(rest, { timestampMs: () => this.clock.now(), onReply: (headers) => (this.lastHeaders = headers) });
  }

  /** The venue's clock minus ours, in ms, as last measured (0 before the first call). */
  get clockOffsetMs(): number {
    return this.clock.offsetMs;
  }

  /** The venue clock every signed request is stamped with. */
  get signingClock(): SigningClock {
    return this.clock;
  }

  async loadMarkets(): Promise<ExchangeMarket[]> {
    const info = await this.call(20, () => this.rest.exchangeInfo());
    const markets = (info.symbols ?? []).map((s) => {
      const filters = (s.filters ?? []) as unknown as readonly Record<string, unknown>[];
      const filter = (type: string): Record<string, unknown> => filters.find((f) => f['filterType'] === type) ?? {};
      const notional = filter('NOTIONAL')['minNotional'] ?? filter('MIN_NOTIONAL')['minNotional'];
      return {
        symbol: `${s.baseAsset}/${s.quoteAsset}`,
        id: s.symbol ?? '',
        base: s.baseAsset ?? '',
        quote: s.quoteAsset ?? '',
        tickSize: Number(filter('PRICE_FILTER')['tickSize'] ?? 0),
        lotStep: Number(filter('LOT_SIZE')['stepSize'] ?? 0),
        minQty: Number(filter('LOT_SIZE')['minQty'] ?? 0),
        minNotional: Number(notional ?? 0),
      };
    });
    this.markets = new Map(markets.map((m) => [m.symbol, m]));
    this.symbolsById = new Map(markets.map((m) => [m.id, m.symbol]));
    return markets;
  }

  async fetchTime(): Promise<number> {
    const reply = await this.call(1, () => this.rest.time());
    return Number(reply.serverTime);
  }

  async fetchCandles(symbol: string, timeframe: Timeframe, since?: number, limit?: number): Promise<[number, number, number, number, number, number][]> {
    const id = await this.marketId(symbol);
    const interval = timeframe as unknown as SpotRestAPI.KlinesIntervalEnum;
    const rows = await this.call(2, () => this.rest.klines({ symbol: id, interval, ...(since === undefined ? {} : { startTime: since }), ...(limit === undefined ? {} : { limit }) }));
    return rows.map((r) => [Number(r[0]), Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4]), Number(r[5])]);
  }

  async fetchBalance(): Promise<Record<string, Balance>> {
    const account = await this.call(20, () => this.rest.getAccount());
    const out: Record<string, Balance> = {};
    for (const b of account.balances ?? []) {
      const free = Number(b.free ?? 0);
      const used = Number(b.locked ?? 0);
      out[b.asset ?? ''] = { free, used, total: free + used };
    }
    return out;
  }

  async createOrder(request: OrderRequest): Promise<VenueOrder> {
    const id = await this.marketId(request.symbol);
    // The connector's types ask numbers for quantity and price; it writes any value with String(),
    // so our rounded strings reach the wire digit for digit (a number could come out as 1e-7).
    const params = binanceOrderParams(id, request) as unknown as SpotRestAPI.NewOrderRequest;
    const order = await this.call(1, () => this.rest.newOrder(params), false);
    return this.withTrades(id, order as BinanceOrder, request.clientOrderId);
  }

  async cancelOrder(symbol: string, clientOrderId: string): Promise<VenueOrder> {
    const id = await this.marketId(symbol);
    const order = await this.call(1, () => this.rest.deleteOrder({ symbol: id, origClientOrderId: clientOrderId }), false);
    return this.withTrades(id, order as BinanceOrder, clientOrderId);
  }

  async findOrder(symbol: string, clientOrderId: string): Promise<VenueOrder | undefined> {
    const id = await this.marketId(symbol);
    try {
      const order = await this.call(4, () => this.rest.getOrder({ symbol: id, origClientOrderId: clientOrderId }));
      return await this.withTrades(id, order as BinanceOrder, clientOrderId);
    } catch (error) {
      if (error instanceof OrderNotFound) return undefined;
      throw error;
    }
  }

  async fetchOpenOrders(symbol: string): Promise<VenueOrder[]> {
    const id = await this.marketId(symbol);
    const orders = await this.call(6, () => this.rest.getOpenOrders({ symbol: id }));
    return orders.map((o) => this.normalise(o as BinanceOrder, o.clientOrderId ?? '', []));
  }

  async fetchOrders(symbol: string, since: number): Promise<VenueOrder[]> {
    const id = await this.marketId(symbol);
    const orders = await readAllPages<BinanceOrder>({
      // The first page starts at the time, the next ones at an order id (Binance allows either, not both).
      page: async (fromId) =>
        (await this.call(20, () => this.rest.allOrders({ symbol: id, ...(fromId === undefined ? { startTime: since } : { orderId: fromId }), limit: PAGE_LIMIT }))) as readonly BinanceOrder[],
      idOf: (o) => Number(o.orderId),
    });
    return orders.map((o) => this.normalise(o, o.clientOrderId ?? '', []));
  }

  async fetchMyTrades(symbol: string, since: number): Promise<AccountTrade[]> {
    const id = await this.marketId(symbol);
    const trades = await readAllPages<BinanceTrade>({
      // fromId and a time cannot go together (-1128): the first page by time, the rest by id.
      page: async (fromId) => (await this.call(20, () => this.rest.myTrades({ symbol: id, ...(fromId === undefined ? { startTime: since } : { fromId }), limit: PAGE_LIMIT }))) as readonly BinanceTrade[],
      idOf: (t) => Number(t.id),
    });
    return trades.map((t) => ({ ...binanceFill(t), orderId: String(t.orderId), side: t.isBuyer === true ? 'buy' : 'sell', timestamp: Number(t.time ?? 0) }));
  }

  async fetchOrderTrades(symbol: string, orderId: string, filled: number): Promise<OrderFill[]> {
    return (await this.orderTrades(await this.marketId(symbol), Number(orderId), filled)).map(binanceFill);
  }

  async close(): Promise<void> {
    // The connector holds no connection beyond axios's keep-alive agent, which closes with the process.
  }

  /** Order replies other than a FULL new-order reply carry no trades: fetch them for anything filled. */
  private async withTrades(id: string, order: BinanceOrder, clientOrderId: string): Promise<VenueOrder> {
    let fills = (order.fills ?? []).map(binanceFill);
    const filled = Number(order.executedQty ?? 0);
    if (filled > 0 && fills.length === 0 && order.orderId !== undefined) fills = (await this.orderTrades(id, Number(order.orderId), filled)).map(binanceFill);
    return this.normalise(order, clientOrderId, fills);
  }

  /**
   * One order's trades, every page: from trade id 0 on (with fromId the pages go oldest first; without
   * it Binance answers the most recent), until they add up to the executed quantity.
   */
  private orderTrades(id: string, orderId: number, filled: number): Promise<BinanceTrade[]> {
    return readAllPages<BinanceTrade>({
      page: async (fromId) => (await this.call(5, () => this.rest.myTrades({ symbol: id, orderId, fromId: fromId ?? 0, limit: PAGE_LIMIT }))) as readonly BinanceTrade[],
      idOf: (t) => Number(t.id),
      enough: (rows) => exactSum(rows.map((t) => Number(t.qty))) >= filled,
    });
  }

  private normalise(order: BinanceOrder, clientOrderId: string, fills: OrderFill[]): VenueOrder {
    return binanceVenueOrder(order, this.symbolsById.get(order.symbol ?? '') ?? order.symbol ?? '', clientOrderId, fills);
  }

  private async marketId(symbol: string): Promise<string> {
    if (this.markets === undefined) await this.loadMarkets();
    const market = this.markets!.get(symbol);
    if (market === undefined) throw new BadSymbol(`${this.id}: unknown symbol ${symbol}`);
    return market.id;
  }

  /**
   * A call through the gate, on the venue's clock (re-measured and resent once on -1021). The
   * clock is measured outside the gate: a measurement waiting behind calls that hold the budget
   * while they wait for it would never go out.
   */
  private call<T>(weight: number, call: () => Promise<RestReply<T>>, idempotent = true): Promise<T> {
    return this.clock.send(() => this.gate.run(weight, () => this.request(call), () => this.lastHeaders, idempotent));
  }

  /** One request, its failure as our error. */
  private async request<T>(call: () => Promise<RestReply<T>>): Promise<T> {
    try {
      return await (await call()).data();
    } catch (error) {
      throw this.mapError(error);
    }
  }

  /** The connector's error classes carry the HTTP status in their class and Binance's code in `code`. */
  private mapError(error: unknown): RampartError {
    if (error instanceof RampartError) return error;
    const status = statusOf(error);
    // No reply, or a 5xx whose body (if any) says nothing about the order: the outcome is unknown.
    if (status === undefined || status >= 500) return mapBinanceError(status === undefined ? {} : { status }, this.id);
    const code = (error as { code?: unknown }).code;
    const msg = error instanceof Error ? error.message : String(error);
    return mapBinanceError({ status, ...(typeof code === 'number' ? { code } : {}), msg }, this.id, retryAfterMs(this.lastHeaders, msg, this.clock.now()));
  }
}

function statusOf(error: unknown): number | undefined {
  return (
      error instanceof BadRequestError ? 400
      : error instanceof UnauthorizedError ? 401
      : error instanceof ForbiddenError ? 403
      : error instanceof NotFoundError ? 404
      : error instanceof RateLimitBanError ? 418
      : error instanceof TooManyRequestsError ? 429
      : error instanceof ServerError ? ((error as { statusCode?: number }).statusCode ?? 500)
      : error instanceof ConnectorClientError ? 400
      : undefined
  );
}
