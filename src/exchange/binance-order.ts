// Binance's order on the wire, for every client: one new-order request for all of them (ccxt, the
// official connector, the direct order path), so they put the same order on the wire: the strings
// the order manager rounded to the market's filters go out unchanged (ccxt's createOrder would
// re-round them to its own precision, a buy price to the nearest tick rather than the one below
// it). And Binance's order object as the clients that read Binance's JSON themselves normalise it.
import { InvalidOrder } from '../core/index.ts';
import type { OrderFill, OrderRequest, VenueOrder, VenueOrderStatus } from './port.ts';

/** Binance's order types that an OrderRequest maps to (specs/binance-spot.md, POST /api/v3/order). */
export type BinanceOrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER';

/**
 * POST /api/v3/order parameters for `request` on the market with Binance id `symbolId` (BTCUSDT),
 * without timestamp/recvWindow/signature, which each client adds when it signs. Every value is a
 * string: amount and price exactly as given. Always `newOrderRespType=FULL`, so the reply lists
 * the fills. Throws InvalidOrder for a limit order without a price.
 */
export function binanceOrderParams(symbolId: string, request: OrderRequest): Record<string, string> {
  const type: BinanceOrderType = request.kind === 'market' ? 'MARKET' : request.postOnly === true ? 'LIMIT_MAKER' : 'LIMIT';
  if (type !== 'MARKET' && request.price === undefined) throw new InvalidOrder(`limit order ${request.clientOrderId} has no price`);
  return {
    symbol: symbolId,
    side: request.side === 'buy' ? 'BUY' : 'SELL',
    type,
    quantity: request.amount,
    ...(type === 'MARKET' ? {} : { price: request.price! }),
    // Binance requires timeInForce for LIMIT and refuses it (-1106) for MARKET and LIMIT_MAKER.
    ...(type === 'LIMIT' ? { timeInForce: request.timeInForce ?? 'GTC' } : {}),
    newClientOrderId: request.clientOrderId,
    newOrderRespType: 'FULL',
  };
}

/** Binance's order object as every order endpoint returns it (fields as Binance names them). */
export interface BinanceOrder {
  readonly symbol?: string;
  readonly orderId?: number | bigint;
  readonly clientOrderId?: string;
  readonly origClientOrderId?: string;
  readonly price?: string;
  readonly origQty?: string;
  readonly executedQty?: string;
  readonly cummulativeQuoteQty?: string;
  readonly status?: string;
  readonly type?: string;
  readonly side?: string;
  readonly time?: number | bigint;
  readonly transactTime?: number | bigint;
  readonly fills?: readonly BinanceTrade[];
}

/** A trade of Binance's: in a FULL order reply it is named by `tradeId`, in myTrades by `id`. */
export interface BinanceTrade {
  readonly id?: number | bigint;
  readonly orderId?: number | bigint;
  readonly time?: number | bigint;
  readonly isBuyer?: boolean;
  readonly tradeId?: number | bigint;
  readonly price?: string;
  readonly qty?: string;
  readonly commission?: string;
  readonly commissionAsset?: string;
}

const STATUS: Record<string, VenueOrderStatus> = {
  NEW: 'open',
  PARTIALLY_FILLED: 'open',
  PENDING_NEW: 'open',
  FILLED: 'closed',
  CANCELED: 'canceled',
  PENDING_CANCEL: 'canceled',
  EXPIRED: 'expired',
  EXPIRED_IN_MATCH: 'expired',
  REJECTED: 'rejected',
};

/**
 * Binance's order as ours: `symbol` the unified symbol (BTC/USDT), `clientOrderId` the one asked
 * about when the reply names none, `fills` the order's trades. A market order has no price (NaN);
 * the average is the quote spent over the quantity executed (NaN before any fill).
 */
export function binanceVenueOrder(order: BinanceOrder, symbol: string, clientOrderId: string, fills: OrderFill[]): VenueOrder {
  const filled = Number(order.executedQty ?? 0);
  const quote = Number(order.cummulativeQuoteQty ?? 0);
  return {
    id: String(order.orderId ?? ''),
    // A cancel reply names the cancel request in clientOrderId and the order in origClientOrderId.
    clientOrderId: order.origClientOrderId ?? order.clientOrderId ?? clientOrderId,
    symbol,
    side: order.side === 'SELL' ? 'sell' : 'buy',
    kind: order.type === 'MARKET' ? 'market' : 'limit',
    status: STATUS[order.status ?? 'NEW'] ?? 'open',
    price: order.type === 'MARKET' ? NaN : Number(order.price ?? NaN),
    amount: Number(order.origQty ?? 0),
    filled,
    average: filled > 0 ? quote / filled : NaN,
    timestamp: Number(order.transactTime ?? order.time ?? 0),
    fills,
  };
}

/** One of Binance's trades as a fill (fee in the commission asset). */
export function binanceFill(t: BinanceTrade): OrderFill {
  return { tradeId: String(t.tradeId ?? t.id), price: Number(t.price), amount: Number(t.qty), fee: Number(t.commission ?? 0), feeCurrency: t.commissionAsset ?? '' };
}
