// A simulator and the Exchange port on it through ccxt, for the exchange tests.
import { systemClock, seededRng } from '../../src/core/index.ts';
import { binanceClient, CcxtExchange } from '../../src/exchange/index.ts';
import { RateLimiter } from '../../src/exchange/rate-limiter.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator } from '../../src/simulator/index.ts';
import type { SimulatorOptions } from '../../src/simulator/index.ts';

export async function simulatedVenue(options: SimulatorOptions = {}, limiter?: { weightPerWindow: number; windowMs: number }, timeoutMs = 2_000): Promise<{ sim: Simulator; exchange: CcxtExchange; limiter: RateLimiter | undefined }> {
  const sim = await Simulator.start({ balances: { USDT: 10_000, BTC: 1 }, ...options });
  const client = await binanceClient({ kind: 'simulator', restUrl: sim.restUrl, wsUrl: sim.wsUrl }, { apiKey: LOCAL_API_KEY, secret: LOCAL_API_SECRET }, { timeoutMs });
  const gate = limiter === undefined ? undefined : new RateLimiter({ ...limiter, clock: systemClock, rng: seededRng(3) });
  return { sim, exchange: new CcxtExchange('simulator', client, gate), limiter: gate };
}
