// Where an instance's venue answers: REST and WebSocket bases of the Binance-compatible venues
// (specs/binance-spot.md, "General information" and "Demo mode"), or the fleet file's `endpoints`
// override of them (a proxy, a test server); the simulator's are its own.
import { ConfigError } from '../core/index.ts';
import type { FleetConfig, InstanceVenue } from '../config/index.ts';

export interface VenueEndpoints {
  readonly restUrl: string;
  /** Base of the raw market streams (`<base>/ws/<stream>`). */
  readonly wsUrl: string;
  /** The WebSocket API (the user data stream's subscription); absent = `<wsUrl>/ws-api/v3` (the simulator, an override without `wsApi`). */
  readonly wsApiUrl?: string;
  /** Set from the fleet file's `endpoints`: the venue's own endpoints are not the ones used. */
  readonly overridden?: true;
}

const BINANCE_ENDPOINTS: Readonly<Record<'binance' | 'binance-testnet' | 'binance-demo', VenueEndpoints>> = {
  binance: { restUrl: 'https://api.binance.com', wsUrl: 'wss://stream.binance.com:9443', wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3' },
  'binance-testnet': { restUrl: 'https://testnet.binance.vision', wsUrl: 'wss://stream.testnet.binance.vision', wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3' },
  'binance-demo': { restUrl: 'https://demo-api.binance.com', wsUrl: 'wss://demo-stream.binance.com', wsApiUrl: 'wss://demo-ws-api.binance.com/ws-api/v3' },
};

/**
 * The endpoints of `venue`: the override in `overrides` (the fleet file's `endpoints`, trailing
 * slashes dropped; its `wsApi`, if given, as the WebSocket API) when it names the venue, else the venue's own; `simulator` is the in-process
 * simulator's. Throws ConfigError for Coinbase and Kraken, whose candle streams the fleet does not
 * read yet (`field` names the key).
 */
export function venueEndpoints(venue: InstanceVenue, simulator: VenueEndpoints | undefined, location: { file: string; field: string }, overrides?: FleetConfig['endpoints']): VenueEndpoints {
  if (venue === 'simulator') {
    if (simulator === undefined) throw new ConfigError('the simulator is not running', location);
    return simulator;
  }
  if (venue === 'coinbase' || venue === 'kraken') throw new ConfigError(`a fleet reads Binance-compatible candle streams only so far; '${venue}' is not supported yet`, location);
  const override = overrides?.[venue];
  if (override !== undefined) {
    const wsApi = override.wsApi === undefined ? {} : { wsApiUrl: override.wsApi.replace(/\/+$/, '') };
    return { restUrl: override.rest.replace(/\/+$/, ''), wsUrl: override.ws.replace(/\/+$/, ''), ...wsApi, overridden: true };
  }
  return BINANCE_ENDPOINTS[venue];
}

/** Where the user data stream is subscribed: the WebSocket API's address, `<wsUrl>/ws-api/v3` when none is set. */
export function wsApiUrl(endpoints: VenueEndpoints): string {
  return endpoints.wsApiUrl ?? `${endpoints.wsUrl}/ws-api/v3`;
}
