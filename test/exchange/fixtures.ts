// A simulator and the Exchange port on it, through ccxt or through Binance's official connector.
import { systemClock, seededRng } from '../../src/core/index.ts';
import type { Clock } from '../../src/core/index.ts';
import { BinanceSpotExchange, binanceClient, binanceSpotClient, CcxtExchange } from '../../src/exchange/index.ts';
import { RateLimiter } from '../../src/exchange/rate-limiter.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator } from '../../src/simulator/index.ts';
import type { SimulatorOptions } from '../../src/simulator/index.ts';

/** The two independent clients the contract suite runs through. */
export const CLIENTS = ['ccxt', 'binance-connector'] as const;
export type ClientKind = (typeof CLIENTS)[number];

export async function simulatedVenue(
  options: SimulatorOptions = {},
  limiter?: { weightPerWindow: number; windowMs: number },
  timeoutMs = 2_000,
  client: ClientKind = 'ccxt',
  /** The client's own clock (the simulator keeps the system clock unless `options.clock` is given). */
  clock?: Clock,
): Promise<{ sim: Simulator; exchange: BinanceSpotExchange | CcxtExchange; limiter: RateLimiter | undefined }> {
  const sim = await Simulator.start({ balances: { USDT: 10_000, BTC: 1 }, ...options });
  const gate = limiter === undefined ? undefined : new RateLimiter({ ...limiter, clock: systemClock, rng: seededRng(3) });
  return { sim, exchange: await exchangeOn(sim, client, timeoutMs, gate, clock), limiter: gate };
}

/** The Exchange port on a running simulator through `client`, with the local key pair. */
/** `clock`: the client's own clock (default the system's). */
export async function exchangeOn(sim: Simulator, client: ClientKind, timeoutMs = 2_000, gate?: RateLimiter, clock?: Clock): Promise<BinanceSpotExchange | CcxtExchange> {
  const venue = { kind: 'simulator', restUrl: sim.restUrl, wsUrl: sim.wsUrl } as const;
  const credentials = { apiKey: LOCAL_API_KEY, secret: LOCAL_API_SECRET };
  const adapter = clock === undefined ? {} : { clock };
  return client === 'ccxt'
    ? new CcxtExchange('simulator', await binanceClient(venue, credentials, { timeoutMs }), gate, adapter)
    : new BinanceSpotExchange('simulator', binanceSpotClient(venue, credentials, { timeoutMs }), gate, adapter);
}
