// One way to get an Exchange port for a venue by name, for the CLI and the bots: Binance (mainnet,
// its spot testnet, or any Binance-compatible URL such as the simulator), Coinbase and Kraken.
import { CCXT_VENUES, InputError, VENUES } from '../core/index.ts';
import type { CcxtVenueId, Clock } from '../core/index.ts';
import { BinanceSpotExchange, binanceSpotClient } from './binance-spot.ts';
import { binanceClient } from './ccxt-binance.ts';
import type { BinanceVenue } from './ccxt-binance.ts';
import { CcxtExchange } from './ccxt-exchange.ts';
import type { CallGate } from './call-gate.ts';
import { ccxtVenueClient } from './ccxt-venues.ts';
import type { Exchange, VenueCredentials } from './port.ts';

export interface OpenExchangeOptions {
  readonly testnet?: boolean;
  /** Another REST base for the venue: the simulator or a proxy for Binance, a recording or proxy for the others. */
  readonly url?: string;
  /** Binance only, with `url`: the WebSocket base there (default: `url` with ws:// for http://). */
  readonly wsUrl?: string;
  readonly credentials?: VenueCredentials;
  readonly timeoutMs?: number;
  /** Binance only: ccxt (default) or Binance's official connector. */
  readonly client?: 'ccxt' | 'binance-connector';
  readonly gate?: CallGate;
  /** Our clock; the offset to the venue's is measured (default: the system clock). */
  readonly clock?: Clock;
}

export async function openExchange(id: string, options: OpenExchangeOptions = {}): Promise<Exchange> {
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const adapter = options.clock === undefined ? {} : { clock: options.clock };
  if (id === 'binance') {
    const url = options.url?.replace(/\/+$/, '');
    const venue: BinanceVenue = url !== undefined ? { kind: 'simulator', restUrl: url, wsUrl: options.wsUrl?.replace(/\/+$/, '') ?? url.replace(/^http/, 'ws') } : options.testnet === true ? { kind: 'testnet' } : { kind: 'mainnet' };
    return options.client === 'binance-connector'
      ? new BinanceSpotExchange(id, binanceSpotClient(venue, options.credentials, timeout), options.gate, adapter)
      : new CcxtExchange(id, await binanceClient(venue, options.credentials, timeout), options.gate, adapter);
  }
  if (!(CCXT_VENUES as readonly string[]).includes(id)) throw new InputError(`--exchange: unknown exchange '${id}' (known: ${VENUES.join(', ')})`);
  if (options.testnet === true) throw new InputError(`--testnet: ${id} has no spot test network we can use; try the simulator with --exchange binance`);
  if (options.client === 'binance-connector') throw new InputError(`the Binance connector speaks only to Binance, not ${id}`);
  const client = ccxtVenueClient(id as CcxtVenueId, options.credentials, { ...timeout, ...(options.url === undefined ? {} : { restUrl: options.url.replace(/\/+$/, '') }) });
  return new CcxtExchange(id, client, options.gate, adapter);
}
