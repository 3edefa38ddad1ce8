// ccxt's Binance client, pointed where we need it: the real exchange, its spot testnet, or any
// Binance-compatible base (the local simulator, a proxy in front of the exchange). The options
// keep loadMarkets to spot `exchangeInfo` (ccxt would otherwise also ask the futures and margin
// endpoints, which neither the testnet nor the simulator serve).
import ccxt from 'ccxt';
import type { VenueCredentials } from './port.ts';

export type BinanceVenue =
  | { readonly kind: 'mainnet' }
  | { readonly kind: 'testnet' }
  | { readonly kind: 'simulator'; readonly restUrl: string; readonly wsUrl: string };

export type BinanceClient = InstanceType<typeof ccxt.pro.binance>;

export async function binanceClient(venue: BinanceVenue, credentials?: VenueCredentials, options: { timeoutMs?: number } = {}): Promise<BinanceClient> {
  const client = new ccxt.pro.binance({
    ...(credentials === undefined ? {} : { apiKey: credentials.apiKey, secret: credentials.secret }),
    enableRateLimit: false, // our own limiter (rate-limiter.ts) decides, from the exchange's weight headers
    timeout: options.timeoutMs ?? 10_000,
    options: { fetchCurrencies: false, fetchMargins: false, fetchMarkets: { types: ['spot'] }, fetchOpenOrders: { warnWithoutSymbol: false } },
  });
  if (venue.kind === 'testnet') client.setSandboxMode(true);
  if (venue.kind === 'simulator') {
    const rest = `${venue.restUrl}/api/v3`;
    const api = client.urls['api'] as Record<string, unknown>;
    client.urls['api'] = {
      ...api,
      public: rest,
      private: rest,
      v1: `${venue.restUrl}/api/v1`,
      ws: { spot: `${venue.wsUrl}/ws`, 'ws-api': { spot: `${venue.wsUrl}/ws-api/v3` } },
    };
    // ccxt refuses plain ws:// URLs in Node until its proxy agent module is loaded.
    await client.loadHttpProxyAgent();
  }
  return client;
}
