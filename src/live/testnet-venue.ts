// The exchange venue of the testnet, canary and live modes: the order manager over an Exchange
// adapter, on the simulator (with its documented local key pair), on Binance's spot test network
// or on Binance itself (with a key from the key store), or wherever the fleet file's `endpoints`
// point one of those (a proxy, a test server). Orders are journaled in the store's order table
// before they are sent.
import type { InstanceConfig, InstanceVenue } from '../config/index.ts';
import { ConfigError } from '../core/index.ts';
import type { Clock, Market } from '../core/index.ts';
import type { Portfolio, SimulatedKernelSettings } from '../engine/index.ts';
import { DIRECT_GATE, meteredGate, openExchange } from '../exchange/index.ts';
import type { CallMeter, Exchange, VenueCredentials } from '../exchange/index.ts';
import { OrderManager } from '../execution/index.ts';
import type { OrderJournal } from '../execution/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET } from '../simulator/index.ts';
import { ExchangeVenue } from './exchange-venue.ts';
import type { AccountStream } from './user-streams.ts';
import { wsApiUrl } from './venue-endpoints.ts';
import type { VenueEndpoints } from './venue-endpoints.ts';

export interface ExchangeVenueRequest {
  readonly instance: InstanceConfig;
  readonly venueId: InstanceVenue;
  /** Where the venue answers (venue-endpoints.ts): the simulator's, or an override, are connected to by URL. */
  readonly endpoints: VenueEndpoints;
  readonly settings: SimulatedKernelSettings;
  readonly orders: OrderJournal;
  readonly clock: Clock;
  /** The key from the key store; absent on the simulator (its local pair signs). */
  readonly credentials?: VenueCredentials;
  readonly file: string;
  /** Where the instance is in the fleet file (`instances.2`), for errors. */
  readonly field: string;
  /** OrderManagerOptions.absenceGraceMs (ms); absent = the manager's default. */
  readonly absenceGraceMs?: number | undefined;
  /** The metrics: what the venue's replies say (weight used, failures), and each order's time to acknowledgement (seconds). */
  readonly meter?: CallMeter | undefined;
  readonly onAcknowledged?: ((seconds: number) => void) | undefined;
}

/** An instance's exchange connection: the adapter (closed at the end), its market, the order manager (the kill switch cancels through it), the venue factory and the account's user data stream. */
export interface ExchangeVenueParts {
  readonly exchange: Exchange;
  readonly market: Market;
  readonly manager: OrderManager;
  readonly venue: (account: Portfolio) => ExchangeVenue;
  /** Where the account's user data stream is subscribed (the venue's WebSocket API, signed with the instance's key on the adapter's venue clock). */
  readonly userStream: AccountStream;
}

/**
 * Opens the Exchange adapter and finds the instance's market; returns it (to close at the end) and
 * a factory of the venue over a portfolio. Throws ConfigError when the market is unknown there or
 * the venue needs a key that was not given, and what the adapter throws when it cannot connect.
 */
export async function exchangeVenueFor(request: ExchangeVenueRequest): Promise<ExchangeVenueParts> {
  const { instance, venueId, endpoints, settings, orders, clock, file, field } = request;
  const onSimulator = venueId === 'simulator';
  const credentials = onSimulator ? { apiKey: LOCAL_API_KEY, secret: LOCAL_API_SECRET } : request.credentials;
  if (credentials === undefined) throw new ConfigError(`instance '${instance.name}' on ${venueId} needs a key from the key store in 'key'`, { file, field: `${field}.key` });
  if (venueId !== 'simulator' && venueId !== 'binance-testnet' && venueId !== 'binance') throw new ConfigError(`orders on '${venueId}' are not supported yet (simulator, binance-testnet or binance)`, { file, field: `${field}.venue` });
  const byUrl = onSimulator || endpoints.overridden === true;
  const gate = request.meter === undefined ? {} : { gate: meteredGate(DIRECT_GATE, request.meter) };
  const exchange = await openExchange('binance', { ...(byUrl ? { url: endpoints.restUrl, wsUrl: endpoints.wsUrl } : { testnet: venueId === 'binance-testnet' }), credentials, clock, ...gate });
  try {
    const market = (await exchange.loadMarkets()).find((candidate) => candidate.id === instance.symbol);
    if (market === undefined) throw new ConfigError(`${venueId} has no market ${instance.symbol}`, { file, field: `${field}.symbol` });
    const grace = request.absenceGraceMs === undefined ? {} : { absenceGraceMs: request.absenceGraceMs };
    const manager = new OrderManager({ instance: instance.name, exchange, journal: orders, clock, markets: [market], ...grace });
    const userStream: AccountStream = { account: `${venueId}|${endpoints.restUrl}|${credentials.apiKey}`, url: wsApiUrl(endpoints), credentials, clock: exchange.signingClock };
    return { exchange, manager, market, userStream, venue: (account) => new ExchangeVenue({ manager, journal: orders, market, sizing: settings, account, clock, onAcknowledged: request.onAcknowledged }) };
  } catch (error) {
    await exchange.close();
    throw error;
  }
}
