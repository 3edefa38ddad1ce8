// Orders and trades of the simulated exchange, and their Binance JSON shapes.
import { formatDec } from './decimal.ts';
import type { Dec } from './decimal.ts';

export type Side = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'LIMIT_MAKER' | 'MARKET' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

export interface SimOrder {
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price: Dec;
  readonly origQty: Dec;
  readonly origQuoteOrderQty: Dec;
  readonly stopPrice: Dec;
  readonly time: number;
  executedQty: Dec;
  cummulativeQuoteQty: Dec;
  status: OrderStatus;
  updateTime: number;
  /** False for a stop order until it triggers. */
  isWorking: boolean;
  workingTime: number;
  /** Quote (BUY) or base (SELL) still locked for the unfilled rest. */
  locked: Dec;
  expiryReason?: string;
}

export interface SimTrade {
  readonly id: number;
  readonly symbol: string;
  readonly orderId: number;
  readonly price: Dec;
  readonly qty: Dec;
  readonly quoteQty: Dec;
  readonly commission: Dec;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

export const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set(['NEW', 'PARTIALLY_FILLED']);

export function isOpen(order: SimOrder): boolean {
  return OPEN_STATUSES.has(order.status);
}

const hasStop = (o: SimOrder): boolean => o.type === 'STOP_LOSS_LIMIT' || o.type === 'TAKE_PROFIT_LIMIT';

/** GET /api/v3/order shape. No `code` key: ccxt would read the order as rejected. */
export function orderJson(o: SimOrder): Record<string, unknown> {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: formatDec(o.price),
    origQty: formatDec(o.origQty),
    executedQty: formatDec(o.executedQty),
    cummulativeQuoteQty: formatDec(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: formatDec(o.stopPrice),
    icebergQty: '0.00000000',
    time: o.time,
    updateTime: o.updateTime,
    isWorking: o.isWorking,
    workingTime: o.isWorking ? o.workingTime : -1,
    origQuoteOrderQty: formatDec(o.origQuoteOrderQty),
    selfTradePreventionMode: 'NONE',
    ...(o.expiryReason === undefined ? {} : { expiryReason: o.expiryReason }),
  };
}

/** POST /api/v3/order reply for newOrderRespType ACK, RESULT or FULL. */
export function newOrderJson(o: SimOrder, fills: readonly SimTrade[], respType: string): Record<string, unknown> {
  const ack = { symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.updateTime };
  if (respType === 'ACK') return ack;
  const result = {
    ...ack,
    price: formatDec(o.price),
    origQty: formatDec(o.origQty),
    executedQty: formatDec(o.executedQty),
    origQuoteOrderQty: formatDec(o.origQuoteOrderQty),
    cummulativeQuoteQty: formatDec(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    ...(hasStop(o) ? { stopPrice: formatDec(o.stopPrice) } : {}),
    workingTime: o.isWorking ? o.workingTime : -1,
    selfTradePreventionMode: 'NONE',
    ...(o.expiryReason === undefined ? {} : { expiryReason: o.expiryReason }),
  };
  if (respType === 'RESULT') return result;
  return {
    ...result,
    fills: fills.map((t) => ({ price: formatDec(t.price), qty: formatDec(t.qty), commission: formatDec(t.commission), commissionAsset: t.commissionAsset, tradeId: t.id })),
  };
}

export function tradeJson(t: SimTrade): Record<string, unknown> {
  return {
    symbol: t.symbol,
    id: t.id,
    orderId: t.orderId,
    orderListId: -1,
    price: formatDec(t.price),
    qty: formatDec(t.qty),
    quoteQty: formatDec(t.quoteQty),
    commission: formatDec(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
    isBestMatch: true,
  };
}

export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

/** The user-data `executionReport` event for one change of an order. */
export function executionReport(o: SimOrder, x: ExecutionType, time: number, executionId: number, fill?: SimTrade): Record<string, unknown> {
  return {
    e: 'executionReport',
    E: time,
    s: o.symbol,
    c: o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: formatDec(o.origQty),
    p: formatDec(o.price),
    P: formatDec(o.stopPrice),
    F: '0.00000000',
    g: -1,
    C: '',
    x,
    X: o.status,
    r: 'NONE',
    i: o.orderId,
    l: formatDec(fill?.qty ?? 0n),
    z: formatDec(o.executedQty),
    L: formatDec(fill?.price ?? 0n),
    n: formatDec(fill?.commission ?? 0n),
    N: fill?.commissionAsset ?? null,
    T: time,
    t: fill?.id ?? -1,
    I: executionId,
    w: o.isWorking && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'),
    m: fill?.isMaker ?? false,
    M: false,
    O: o.time,
    Z: formatDec(o.cummulativeQuoteQty),
    Y: formatDec(fill?.quoteQty ?? 0n),
    Q: formatDec(o.origQuoteOrderQty),
    W: o.workingTime,
    V: 'NONE',
    ...(o.expiryReason === undefined ? {} : { eR: o.expiryReason }),
  };
}
