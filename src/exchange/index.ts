export { binanceClient } from './ccxt-binance.ts';
export type { BinanceVenue, BinanceCredentials, BinanceClient } from './ccxt-binance.ts';
export { CcxtExchange } from './ccxt-exchange.ts';
export type { CallGate } from './ccxt-exchange.ts';
export { mapExchangeError } from './error-map.ts';
export type * from './port.ts';
