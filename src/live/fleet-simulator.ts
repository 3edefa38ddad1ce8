// The in-process simulator a fleet starts for its instances on `simulator`: the bundled candles of
// their symbols replayed at the fleet's speed, from its `start`, on a free loopback port.
import { ConfigError, parseUtcDate, timeframeMs } from '../core/index.ts';
import type { FleetConfig, InstanceConfig } from '../config/index.ts';
import { bundledFile, listBundled, loadCandles } from '../data/index.ts';
import { servedIntervals, Simulator } from '../simulator/index.ts';

/** Candles into the data where a replay starts when the fleet names no `start`: history to warm up on. */
const DEFAULT_START_INDEX = 500;

/**
 * Starts the simulator for `instances` (those on it), with its market still: `run(speed)` sets it
 * going. Throws ConfigError naming the field when an instance's symbol has no bundled candles, its
 * timeframe cannot be made from the replayed one, or `simulator.start` is not a date inside the
 * bundled data.
 */
export async function startFleetSimulator(fleet: FleetConfig, instances: readonly InstanceConfig[], file: string): Promise<Simulator> {
  const { timeframe } = fleet.simulator;
  const served = servedIntervals(timeframe);
  for (const instance of instances) {
    const at = (key: string) => ({ file, field: `instances.${fleet.instances.indexOf(instance)}.${key}` });
    if (bundledFile('binance', instance.symbol, timeframe) === undefined) {
      const symbols = [...new Set(listBundled().filter((set) => set.exchange === 'binance' && set.timeframe === timeframe).map((set) => set.symbol))];
      throw new ConfigError(`unknown symbol '${instance.symbol}': the simulator replays bundled ${timeframe} candles of ${symbols.join(', ')}`, at('symbol'));
    }
    if (served.includes(instance.timeframe)) continue;
    throw new ConfigError(`the simulator replays ${timeframe} candles and makes ${served.join(' ')} of them, not ${instance.timeframe} (set simulator.timeframe to a finer one)`, at('timeframe'));
  }
  const symbols = [...new Set(instances.map((instance) => instance.symbol))];
  const testnetCash = instances.filter((instance) => instance.mode === 'testnet').reduce((sum, instance) => sum + instance.cash, 0);
  const simulator = await Simulator.start({
    symbols,
    timeframe,
    startIndex: startIndex(fleet, symbols[0]!, file),
    // Still until the instances have subscribed and warmed up (the fleet then runs it at `speed`),
    // so every instance starts at the same candle however long its start took.
    speed: 0,
    balances: { USDT: Math.max(10_000, testnetCash) },
  });
  // One tick into the first candle: its kline is forming, so a stream subscribed now gets it at
  // once, and the instances know where history ends before the market moves.
  simulator.step(1);
  return simulator;
}

/** Index of the first candle at or after `simulator.start` in the replayed data (the symbols share their times). */
function startIndex(fleet: FleetConfig, symbol: string, file: string): number {
  const { start, timeframe } = fleet.simulator;
  if (start === undefined) return DEFAULT_START_INDEX;
  const time = typeof start === 'number' ? start : parseUtcDate(start);
  if (Number.isNaN(time)) throw new ConfigError(`'${start}' is not an ISO-8601 date or epoch ms`, { file, field: 'simulator.start' });
  const before = loadCandles({ exchange: 'binance', symbol, timeframe, source: 'bundled', to: time + timeframeMs(timeframe) - 1 }).series.length;
  return Math.max(1, before - 1);
}
