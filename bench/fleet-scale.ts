// Benchmark: 50 paper instances on 1m candles in one process: the CPU an instance costs per minute
// of market time, and the memory it holds. The instances are the default fleet's five
// (config/fleet.yml: three MACD crosses, the grid, the regime-adaptive bot), ten of each, on
// BTCUSDT 1m. Each is what a fleet runner keeps per live candle: a paper session (the kernel on the
// simulated venue) with the journaling strategy and venue, and the candle and balance snapshot
// written to the SQLite journal, fed replayed candles directly (the kline stream, measured by
// kline-to-order.ts, is left out). All instances get minute m before any gets minute m + 1, as
// candles closing together would arrive.
//
// CPU: process CPU time (user + system) over the live minutes / (minutes × instances), so
// `cpu_ms_per_minute_per_instance / 600` is one instance's % of one core at real time. Memory:
// resident set and V8 heap after the run less before the instances were built (both after a full
// GC), / instances; the resident figure also holds SQLite's page cache and compiled code.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { instanceBacktestInput, parseBacktestConfig } from '../src/backtest/index.ts';
import { readFleetFile } from '../src/config/index.ts';
import { systemClock } from '../src/core/index.ts';
import { InstanceJournal } from '../src/live/instance-journal.ts';
import { JournalingStrategy } from '../src/live/journaling-strategy.ts';
import { JournalingVenue } from '../src/live/journaling-venue.ts';
import { PaperSession } from '../src/live/index.ts';
import { resolveParams, resolveStrategy } from '../src/strategies/index.ts';
import { openStore } from '../src/store/index.ts';
import { printFigure } from './report.ts';
import { randomWalkCandles } from './synthetic-candles.ts';

const INSTANCES = 50;
const WARMUP = 300;
const MINUTES = 720;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const memory = (): { rss: number; heap: number } => {
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
};

const fleet = readFleetFile(path.join(import.meta.dirname, '../config/fleet.yml'));
const store = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'rampart-bench-scale-')), 'journal.db'));
// One candle series: the instances differ by strategy and parameters, and all read the same market.
const series = randomWalkCandles(WARMUP + MINUTES, 14);
const candleAt = (i: number) => ({ time: series.time[i]!, open: series.open[i]!, high: series.high[i]!, low: series.low[i]!, close: series.close[i]!, volume: series.volume[i]! });
// The definitions loaded and the modules compiled before the baseline, so it holds no per-instance cost.
const definitions = await Promise.all(fleet.instances.map((instance) => resolveStrategy(instance.strategy)));
const before = memory();

const instances = Array.from({ length: INSTANCES }, (_, i) => {
  const k = i % fleet.instances.length;
  const instance = { ...fleet.instances[k]!, name: `scale${i}`, symbol: 'BTCUSDT', timeframe: '1m' as const };
  const params = resolveParams(definitions[k]!, instance.params);
  const settings = parseBacktestConfig({ ...instanceBacktestInput(instance), strategy: instance.strategy, params });
  const journal = new InstanceJournal(store.journal, instance.name, instance.mode, systemClock);
  const strategy = new JournalingStrategy(definitions[k]!.create(params), journal);
  const session = new PaperSession({ settings, strategy, strategyName: instance.strategy, warmup: WARMUP, wrapVenue: (venue) => new JournalingVenue(venue, journal) });
  for (let m = 0; m < WARMUP; m++) session.onClosedCandle(candleAt(m));
  strategy.recording = true;
  return { session, journal, trades: 0 };
});

const cpuStart = process.cpuUsage();
for (let m = WARMUP; m < WARMUP + MINUTES; m++) {
  const candle = candleAt(m);
  for (const one of instances) {
    one.journal.candleTime = candle.time;
    one.journal.write('candle', candle);
    one.session.onClosedCandle(candle);
    const state = one.session.state;
    for (; one.trades < state.trades.length; one.trades++) one.journal.write('trade', state.trades[one.trades]);
    one.journal.write('balance', { cash: state.cash, position: state.position, price: candle.close, equity: state.equity, trades: state.trades.length, candles: state.candles });
  }
}
const cpu = process.cpuUsage(cpuStart);
const after = memory();
const trades = instances.reduce((sum, one) => sum + one.trades, 0);
store.close();

const cpuMsPerMinute = (cpu.user + cpu.system) / 1000 / (MINUTES * INSTANCES);
printFigure('fleet_scale.instances', INSTANCES, 'instances');
printFigure('fleet_scale.live_minutes', MINUTES, 'candles');
printFigure('fleet_scale.trades_all_instances', trades, 'trades');
printFigure('fleet_scale.cpu_ms_per_minute_per_instance', Number(cpuMsPerMinute.toFixed(4)), 'ms');
printFigure('fleet_scale.cpu_share_at_real_time_all_instances', Number(((cpuMsPerMinute * INSTANCES) / 60_000 * 100).toFixed(4)), '% of a core');
printFigure('fleet_scale.rss_per_instance', Number(((after.rss - before.rss) / INSTANCES / 1024).toFixed(1)), 'KiB');
printFigure('fleet_scale.heap_per_instance', Number(((after.heap - before.heap) / INSTANCES / 1024).toFixed(1)), 'KiB');
