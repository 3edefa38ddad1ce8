// Child process for bench/simulator.ts: a simulator alone in its process (one core for the event
// loop), with limits high enough not to throttle the benchmark.
import { Simulator } from '../src/simulator/index.ts';

const sim = await Simulator.start({
  symbols: ['BTCUSDT'],
  balances: { USDT: 1_000_000_000, BTC: 1000 },
  limits: { weightPerMinute: 10_000_000, ordersPer10s: 10_000_000 },
});
console.log(sim.restUrl);
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
