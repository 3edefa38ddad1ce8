// The Exchange port: the one surface execution and live trading use, whatever the venue.
// Amounts and prices cross it as decimal strings, already rounded to the market's filters
// (docs/architecture.md, "Money"); everything comes back normalised, with venue quirks left in the adapter.
import type { Clock, Market, Timeframe } from '../core/index.ts';

export type OrderSide = 'buy' | 'sell';
export type OrderKind = 'market' | 'limit';
export type VenueOrderStatus = 'open' | 'closed' | 'canceled' | 'expired' | 'rejected';

/** A market as the venue lists it: the trading rules plus the venue's own id (BTCUSDT). */
export interface ExchangeMarket extends Market {
  readonly id: string;
}

export interface OrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly kind: OrderKind;
  /** Base quantity, a decimal string on the lot step. */
  readonly amount: string;
  /** Limit price, a decimal string on the tick. */
  readonly price?: string;
  readonly clientOrderId: string;
  readonly timeInForce?: 'GTC' | 'IOC' | 'FOK';
  readonly postOnly?: boolean;
}

export interface OrderFill {
  readonly tradeId: string;
  readonly price: number;
  readonly amount: number;
  readonly fee: number;
  readonly feeCurrency: string;
}

/** One of the account's trades, named by the venue's id of the order it belongs to. */
export interface AccountTrade extends OrderFill {
  readonly orderId: string;
  readonly side: OrderSide;
  /** Venue time of the trade, epoch ms. */
  readonly timestamp: number;
}

export interface VenueOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly kind: OrderKind;
  readonly status: VenueOrderStatus;
  readonly price: number;
  readonly amount: number;
  readonly filled: number;
  /** Average fill price; NaN before any fill. */
  readonly average: number;
  readonly timestamp: number;
  readonly fills: readonly OrderFill[];
}

/**
 * One change of an order as the venue's user data stream reports it (Binance's `executionReport`):
 * the order's state after the change and, when the change is a trade, that trade.
 */
export interface OrderUpdate {
  /** The venue's id of the market (BTCUSDT). */
  readonly symbol: string;
  readonly clientOrderId: string;
  /** The venue's order id. */
  readonly orderId: string;
  readonly side: OrderSide;
  readonly status: VenueOrderStatus;
  /** Limit price (0 for a market order), quote per base. */
  readonly price: number;
  /** Base quantity ordered. */
  readonly amount: number;
  /** Base quantity executed so far. */
  readonly filled: number;
  /** Quote spent or received so far. */
  readonly cost: number;
  /** Venue time of the event, epoch ms. */
  readonly time: number;
  /** The trade this change is, if it is one. */
  readonly fill?: OrderFill;
}

/** An API key pair for a venue (from the key store, never from plain config). */
export interface VenueCredentials {
  readonly apiKey: string;
  readonly secret: string;
}

export interface Balance {
  readonly free: number;
  readonly used: number;
  readonly total: number;
}

/**
 * The venue's clock as an adapter keeps it: our clock plus the offset measured from the venue's
 * server time (epoch ms). Signed requests are stamped with `now()`; a client signing beside the
 * adapter (the user data stream) stamps with it too, so both pass or fail the venue's recvWindow alike.
 */
export interface SigningClock extends Clock {
  /** Measures the offset if it never was; throws what the server-time call throws. */
  ready(): Promise<void>;
  /** Measures the offset again (after a -1021 refusal); concurrent callers share one measurement. */
  measure(): Promise<void>;
}

export interface Exchange {
  readonly id: string;
  /** The clock the adapter signs with (venue time), when it keeps one in sync with the venue (Binance). */
  readonly signingClock?: SigningClock | undefined;
  loadMarkets(): Promise<ExchangeMarket[]>;
  /** The venue's clock (epoch ms): whether a candle has closed is decided on it, never on ours. */
  fetchTime(): Promise<number>;
  fetchCandles(symbol: string, timeframe: Timeframe, since?: number, limit?: number): Promise<[number, number, number, number, number, number][]>;
  fetchBalance(): Promise<Record<string, Balance>>;
  createOrder(request: OrderRequest): Promise<VenueOrder>;
  cancelOrder(symbol: string, clientOrderId: string): Promise<VenueOrder>;
  /** The order with this clientOrderId, or undefined when the venue has never seen it. */
  findOrder(symbol: string, clientOrderId: string): Promise<VenueOrder | undefined>;
  fetchOpenOrders(symbol: string): Promise<VenueOrder[]>;
  /**
   * Every order of the symbol created at or after `since` (venue ms), open or not, oldest first,
   * read page after page (Binance's allOrders: 1,000 a page). Trades are not included: `fills` is
   * empty; fetchOrderTrades gives them for one order.
   */
  fetchOrders(symbol: string, since: number): Promise<VenueOrder[]>;
  /** Every trade of the account in the symbol at or after `since` (venue ms), oldest first, all pages. */
  fetchMyTrades(symbol: string, since: number): Promise<AccountTrade[]>;
  /**
   * The trades of one order (the venue's order id), oldest first, read page after page until they
   * add up to `filled` (the order's executed quantity) or the venue has no more.
   */
  fetchOrderTrades(symbol: string, orderId: string, filled: number): Promise<OrderFill[]>;
  close(): Promise<void>;
}
