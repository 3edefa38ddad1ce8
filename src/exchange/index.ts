export { binanceClient } from './ccxt-binance.ts';
export type { BinanceVenue, BinanceCredentials, BinanceClient } from './ccxt-binance.ts';
