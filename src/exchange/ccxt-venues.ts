// ccxt clients for the venues beyond Binance. Binance has its own factory (ccxt-binance.ts) with
// testnet and simulator endpoints; these take the venue's production endpoints, or `restUrl` to
// point every REST call elsewhere (a recording of the venue, a proxy).
import ccxt from 'ccxt';
import type { Exchange as CcxtClient } from 'ccxt';
import type { VenueCredentials } from './port.ts';

import type { CcxtVenueId } from '../core/index.ts';

export interface CcxtVenueOptions {
  readonly timeoutMs?: number;
  readonly restUrl?: string;
  /** ccxt's per-venue request spacing; off only where nothing real is on the other end (a recording). */
  readonly throttle?: boolean;
}

export function ccxtVenueClient(id: CcxtVenueId, credentials?: VenueCredentials, options: CcxtVenueOptions = {}): CcxtClient {
  const client = new ccxt.pro[id]({
    ...(credentials === undefined ? {} : { apiKey: credentials.apiKey, secret: credentials.secret }),
    // Our rate limiter reads Binance's weight headers; these venues publish no such header, so
    // ccxt's own per-venue throttle (their documented request rates) stays on.
    enableRateLimit: options.throttle ?? true,
    timeout: options.timeoutMs ?? 10_000,
  });
  // Markets carry every rule we use; the currency list would cost Coinbase three more requests at start.
  if (id === 'coinbase') client.has['fetchCurrencies'] = false;
  if (options.restUrl !== undefined) client.urls['api'] = rebase(client.urls['api'], options.restUrl) as typeof client.urls['api'];
  return client;
}

function rebase(api: unknown, restUrl: string): unknown {
  if (typeof api === 'string') return api.replace(/^https?:\/\/[^/]+/, restUrl);
  if (api !== null && typeof api === 'object') return Object.fromEntries(Object.entries(api).map(([k, v]) => [k, rebase(v, restUrl)]));
  return api;
}
