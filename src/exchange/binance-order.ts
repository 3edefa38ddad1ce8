// One Binance new-order request for both Binance clients (ccxt and the official connector), so
// the two put the same order on the wire: the strings the order manager rounded to the market's
// filters go out unchanged (ccxt's createOrder would re-round them to its own precision, a buy
// price to the nearest tick rather than the one below it).
import { InvalidOrder } from '../core/index.ts';
import type { OrderRequest } from './port.ts';

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
