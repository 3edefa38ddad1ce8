// The Exchange port on ccxt: one adapter for every venue ccxt knows (Binance, its testnet, the
// local simulator, Coinbase, Kraken). Each call goes through the rate limiter when one is given,
// and every failure leaves here as one of our typed errors. On Binance the new order, the one call
// between a candle's close and the market, leaves ccxt out: it is signed and sent by
// binance-signed-rest.ts on the ccxt client's endpoint and key.
import type { Exchange as CcxtClient, Order, Trade } from 'ccxt';
import { ExchangeError, exactSum, OrderNotFound, systemClock } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';
import { binanceFill, binanceOrderParams, binanceVenueOrder } from './binance-order.ts';
import type { BinanceOrder } from './binance-order.ts';
import { BinanceSignedRest } from './binance-signed-rest.ts';
import { DIRECT_GATE } from './call-gate.ts';
import type { CallGate } from './call-gate.ts';
import { mapExchangeError } from './error-map.ts';
import { PAGE_LIMIT, readAllPages } from './paging.ts';
import type { AccountTrade, Balance, Exchange, ExchangeMarket, OrderFill, OrderRequest, SigningClock, VenueOrder, VenueOrderStatus } from './port.ts';
import { lowerCaseHeaders, retryAfterMs } from './reply-headers.ts';
import { RECV_WINDOW_MS, VenueClock } from './venue-clock.ts';
import type { AdapterOptions } from './venue-clock.ts';

/**
 * Venues whose order lookup takes our clientOrderId. Elsewhere (Coinbase) the order is looked for
 * among the most recent orders of the symbol; Coinbase itself answers a repeated client_order_id
 * with the existing order, so a resend after a miss does not make a second one.
 */
const LOOKUP_BY_CLIENT_ID = new Set(['binance', 'kraken']);
const RECENT_ORDERS = 100;
/**
 * Venues whose order and trade lists page by id the way Binance's do (`orderId` / `fromId`, at most
 * 1,000 a page). Elsewhere one call is made, with ccxt's default page.
 */
const PAGED_BY_ID = new Set(['binance']);


export class CcxtExchange implements Exchange {
  private marketsReady = false;
  private readonly clock: VenueClock;
  /** Binance signs with a timestamp checked against its clock; the other venues are not synced here. */
  private readonly synced: boolean;
  /** Binance's new orders go straight to its REST API, on the ccxt client's endpoint and key. */
  private readonly orders: BinanceSignedRest | undefined;

  constructor(
    readonly id: string,
    private readonly client: CcxtClient,
    private readonly gate: CallGate = DIRECT_GATE,
    options: AdapterOptions = {},
  ) {
    const serverTime = (): Promise<number> => this.gate.run(1, () => this.request(() => this.client.fetchTime()), () => this.headers(), true).then((t) => t ?? NaN);
    this.clock = new VenueClock(options.clock ?? systemClock, serverTime);
    this.synced = client.id === 'binance';
    if (this.synced) {
      // ccxt stamps signed Binance requests with nonce() and sends options.recvWindow (10000 by default).
      client.nonce = () => this.clock.now();
      client.options['recvWindow'] = RECV_WINDOW_MS;
      const credentials = typeof client.apiKey === 'string' && client.apiKey !== '' && typeof client.secret === 'string' && client.secret !== '' ? { apiKey: client.apiKey, secret: client.secret } : undefined;
      const baseUrl = String((client.urls['api'] as Record<string, unknown>)['private']);
      this.orders = new BinanceSignedRest({ venue: id, baseUrl, credentials, timeoutMs: client.timeout, now: () => this.clock.now() });
    }
  }

  /** The venue's clock minus ours, in ms, as last measured (0 before the first call). */
  get clockOffsetMs(): number {
    return this.clock.offsetMs;
  }

  /** The venue clock signed Binance requests are stamped with; none on the venues not synced here. */
  get signingClock(): SigningClock | undefined {
    return this.synced ? this.clock : undefined;
  }

  async loadMarkets(): Promise<ExchangeMarket[]> {
    const markets = await this.call(20, () => this.client.loadMarkets());
    this.marketsReady = true;
    return Object.values(markets)
      .filter((m) => m !== undefined && m.spot)
      .map((m) => ({
        symbol: m!.symbol,
        id: m!.id!,
        base: m!.base,
        quote: m!.quote,
        tickSize: m!.precision.price ?? 0,
        lotStep: m!.precision.amount ?? 0,
        minQty: m!.limits.amount?.min ?? 0,
        minNotional: m!.limits.cost?.min ?? 0,
      }));
  }

  async fetchTime(): Promise<number> {
    const time = await this.call(1, () => this.client.fetchTime());
    if (typeof time !== 'number') throw new ExchangeError(`${this.id} did not report its server time`);
    return time;
  }

  async fetchCandles(symbol: string, timeframe: Timeframe, since?: number, limit?: number): Promise<[number, number, number, number, number, number][]> {
    const rows = await this.call(2, () => this.client.fetchOHLCV(symbol, timeframe, since, limit));
    return rows.map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, r[5]!]);
  }

  async fetchBalance(): Promise<Record<string, Balance>> {
    const balance = await this.call(20, () => this.client.fetchBalance());
    const out: Record<string, Balance> = {};
    const used = (balance.used ?? {}) as unknown as Record<string, number | undefined>;
    const total = (balance.total ?? {}) as unknown as Record<string, number | undefined>;
    for (const [asset, free] of Object.entries((balance.free ?? {}) as unknown as Record<string, number | undefined>)) {
      out[asset] = { free: free ?? 0, used: used[asset] ?? 0, total: total[asset] ?? 0 };
    }
    return out;
  }

  async createOrder(request: OrderRequest): Promise<VenueOrder> {
    if (this.client.id === 'binance') return this.createBinanceOrder(request);
    const params: Record<string, unknown> = { clientOrderId: request.clientOrderId };
    if (request.timeInForce !== undefined) params['timeInForce'] = request.timeInForce;
    if (request.postOnly === true) params['postOnly'] = true;
    // ccxt takes numbers and rounds them to its own idea of the market's precision; on the grid the
    // order manager rounded to, that changes nothing (Coinbase and Kraken have no raw-order path here).
    const order = await this.call(1, () => this.client.createOrder(request.symbol, request.kind, request.side, Number(request.amount), request.price === undefined ? undefined : Number(request.price), params), false);
    return normalise(order, request.clientOrderId);
  }

  /**
   * Binance straight over its REST API (binance-signed-rest.ts), with the parameters the connector
   * adapter sends: ccxt's createOrder would re-round amount and price (a buy price to the nearest
   * tick, maybe up), and its request path costs more than the order itself on a busy candle close.
   */
  private async createBinanceOrder(request: OrderRequest): Promise<VenueOrder> {
    const orders = this.orders!;
    return this.call(
      1,
      async () => {
        const market = this.client.market(request.symbol);
        const order = (await orders.send('POST', '/order', binanceOrderParams(market.id ?? '', request))).body as BinanceOrder;
        return binanceVenueOrder(order, market.symbol, request.clientOrderId, (order.fills ?? []).map(binanceFill));
      },
      false,
      () => orders.lastHeaders,
    );
  }

  async cancelOrder(symbol: string, clientOrderId: string): Promise<VenueOrder> {
    const order = await this.call(1, () => this.client.cancelOrder('', symbol, { clientOrderId }), false);
    // The reply's clientOrderId names the cancel request; the order is the one we asked to cancel.
    return { ...normalise(await this.withTrades(order, symbol), clientOrderId), clientOrderId };
  }

  async findOrder(symbol: string, clientOrderId: string): Promise<VenueOrder | undefined> {
    try {
      const order = LOOKUP_BY_CLIENT_ID.has(this.client.id)
        ? await this.call(4, () => this.client.fetchOrder('', symbol, { clientOrderId }))
        : (await this.call(10, () => this.client.fetchOrders(symbol, undefined, RECENT_ORDERS))).find((o) => o.clientOrderId === clientOrderId);
      return order === undefined ? undefined : normalise(await this.withTrades(order, symbol), clientOrderId);
    } catch (error) {
      if (error instanceof OrderNotFound) return undefined;
      throw error;
    }
  }

  async fetchOpenOrders(symbol: string): Promise<VenueOrder[]> {
    const orders = await this.call(6, () => this.client.fetchOpenOrders(symbol));
    return orders.map((o) => normalise(o, o.clientOrderId ?? ''));
  }

  async fetchOrders(symbol: string, since: number): Promise<VenueOrder[]> {
    const orders = !PAGED_BY_ID.has(this.client.id)
      ? await this.call(20, () => this.client.fetchOrders(symbol, since))
      : await readAllPages<Order>({
          // The first page starts at the time, the next ones at an order id (Binance allows either, not both).
          page: (fromId) => this.call(20, () => this.client.fetchOrders(symbol, fromId === undefined ? since : undefined, PAGE_LIMIT, fromId === undefined ? {} : { orderId: fromId })),
          idOf: (o) => Number(o.id),
        });
    return orders.map((o) => ({ ...normalise(o, o.clientOrderId ?? ''), fills: [] }));
  }

  async fetchMyTrades(symbol: string, since: number): Promise<AccountTrade[]> {
    const trades = !PAGED_BY_ID.has(this.client.id)
      ? await this.call(20, () => this.client.fetchMyTrades(symbol, since))
      : await readAllPages<Trade>({
          // fromId and a time cannot go together (-1128): the first page by time, the rest by id.
          page: (fromId) => this.call(20, () => this.client.fetchMyTrades(symbol, fromId === undefined ? since : undefined, PAGE_LIMIT, fromId === undefined ? {} : { fromId })),
          idOf: (t) => Number(t.id),
        });
    return trades.map((t) => ({ ...toFill(t), orderId: String(t.order ?? ''), side: t.side === 'sell' ? 'sell' : 'buy', timestamp: t.timestamp ?? 0 }));
  }

  async fetchOrderTrades(symbol: string, orderId: string, filled: number): Promise<OrderFill[]> {
    return (await this.orderTrades(orderId, symbol, filled)).map(toFill);
  }

  /**
   * Order lookups and cancel replies list no trades on most venues (Binance among them), so fills and
   * fees of an order that traded after it was placed come from the account's trades for that order.
   */
  private async withTrades(order: Order, symbol: string): Promise<Order> {
    const id = order.id;
    const filled = order.filled ?? 0;
    if (filled <= 0 || (order.trades ?? []).length > 0 || id === undefined || this.client.has['fetchOrderTrades'] !== true) return order;
    return { ...order, trades: await this.orderTrades(id, symbol, filled) };
  }

  /**
   * One order's trades, every page: from trade id 0 on (with fromId Binance's pages go oldest first;
   * without it, it answers the most recent), until they add up to the executed quantity.
   */
  private async orderTrades(id: string, symbol: string, filled: number): Promise<Trade[]> {
    if (!PAGED_BY_ID.has(this.client.id)) return this.call(5, () => this.client.fetchOrderTrades(id, symbol));
    return readAllPages<Trade>({
      page: (fromId) => this.call(5, () => this.client.fetchOrderTrades(id, symbol, undefined, PAGE_LIMIT, { fromId: fromId ?? 0 })),
      idOf: (t) => Number(t.id),
      enough: (rows) => exactSum(rows.map((t) => t.amount ?? 0)) >= filled,
    });
  }

  async close(): Promise<void> {
    this.orders?.close();
    await this.client.close();
  }

  /**
   * ccxt loads markets before a first call and keeps that promise even when it failed, so one
   * dropped connection at start would fail every later call; we load them ourselves, with reload.
   */
  private async ready(): Promise<void> {
    if (this.marketsReady) return;
    await this.client.loadMarkets(true);
    this.marketsReady = true;
  }

  /**
   * A call through the gate; on Binance, on the venue's clock (re-measured and resent once on
   * -1021), measured outside the gate as in BinanceSpotExchange.call. `headers`: the reply the
   * gate learns from (default ccxt's latest).
   */
  private call<T>(weight: number, call: () => Promise<T>, idempotent = true, headers = (): Record<string, string> | undefined => this.headers()): Promise<T> {
    const request = (): Promise<T> => this.request(async () => {
      await this.ready();
      return call();
    });
    const gated = (): Promise<T> => this.gate.run(weight, request, headers, idempotent);
    return this.synced ? this.clock.send(gated) : gated();
  }

  /** One request, its failure as our error. */
  private async request<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw mapExchangeError(error, this.id, retryAfterMs(this.headers(), message, this.clock.now()));
    }
  }

  /** The latest reply's headers (ccxt keeps them for refusals too), names in lower case. */
  private headers(): Record<string, string> {
    return lowerCaseHeaders(this.client.last_response_headers);
  }
}

const STATUS: Record<string, VenueOrderStatus> = { open: 'open', closed: 'closed', canceled: 'canceled', expired: 'expired', rejected: 'rejected' };

function normalise(order: Order, clientOrderId: string): VenueOrder {
  const trades: Trade[] = order.trades ?? [];
  return {
    id: order.id ?? '',
    clientOrderId: order.clientOrderId ?? clientOrderId,
    symbol: order.symbol ?? '',
    side: order.side === 'sell' ? 'sell' : 'buy',
    kind: order.type === 'market' ? 'market' : 'limit',
    status: STATUS[order.status ?? 'open'] ?? 'open',
    price: order.price ?? NaN,
    amount: order.amount ?? 0,
    filled: order.filled ?? 0,
    average: order.average ?? NaN,
    timestamp: order.timestamp ?? 0,
    fills: trades.map(toFill),
  };
}

function toFill(t: Trade): OrderFill {
  return { tradeId: String(t.id), price: t.price ?? NaN, amount: t.amount ?? 0, fee: t.fee?.cost ?? 0, feeCurrency: t.fee?.currency ?? '' };
}
