// Sweeps on real worker threads and a real SQLite file: the same results whatever the worker
// count, the same as each scenario run alone, and the same after an interruption and a resume.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseBacktestConfig, runBacktest } from '../../../src/backtest/index.ts';
import { parseSweepSpec, runSweep } from '../../../src/research/sweep/index.ts';
import type { SweepSpec } from '../../../src/research/sweep/index.ts';
import { SimulatedClock, windowSeries } from '../../../src/core/index.ts';
import { loadCandles } from '../../../src/data/index.ts';
import { openStore } from '../../../src/store/index.ts';
import type { SweepResultRow } from '../../../src/store/index.ts';
import { builtInStrategy } from '../../../src/strategies/index.ts';
import { tempDir } from '../../fixtures/cli.ts';

const spec: SweepSpec = parseSweepSpec({
  symbols: ['BTCUSDT', 'XRPUSDT'],
  timeframes: ['4h', '1d'],
  params: { fast: '3..15:4', slow: 'fast+2..40:9', signal: '5,9' },
  ranges: [{ from: '2024-10-01', to: '2025-04-01' }, { from: '2025-04-01' }],
});

async function sweep(workers: number, options: { db?: string; resume?: boolean; stopAfter?: number; spec?: SweepSpec } = {}) {
  const store = openStore(options.db ?? path.join(tempDir(), 'sweep.db'));
  let seen = 0;
  try {
    return await runSweep(options.spec ?? spec, {
      store,
      clock: new SimulatedClock(1),
      workers,
      resume: options.resume === true,
      yes: false,
      ...(options.stopAfter === undefined ? {} : { shouldStop: () => seen >= options.stopAfter!, onProgress: (done: number) => void (seen = done) }),
    });
  } finally {
    store.close();
  }
}

const byKey = (rows: readonly SweepResultRow[]) => new Map(rows.map((row) => [row.scenario, row.metrics]));

describe('sweep', () => {
  test('gives identical results with one worker or two, each equal to the scenario run alone', async () => {
    const one = await sweep(1);
    const two = await sweep(2);
    assert.equal(one.complete, true);
    assert.equal(one.results.length, one.expansion.scenarios.length);
    assert.deepEqual(two.results, one.results);

    const macd = builtInStrategy('macd-cross');
    for (const scenario of one.expansion.scenarios.filter((_s, i) => i % 17 === 0)) {
      const candles = loadCandles({ exchange: 'binance', symbol: scenario.symbol, timeframe: scenario.timeframe }).series;
      const config = parseBacktestConfig({ symbol: scenario.symbol, timeframe: scenario.timeframe, strategy: 'macd-cross', params: scenario.params, ...(scenario.from === undefined ? {} : { from: scenario.from }), ...(scenario.to === undefined ? {} : { to: scenario.to }) });
      // As `rampart backtest --from` runs it: the default warm-up before the window.
      const { series, warmup } = windowSeries(candles, config.from ?? -Infinity, config.to ?? Infinity, config.warmupCandles);
      const alone = runBacktest(series, config, macd.create(config.params), { warmup });
      const stored = byKey(one.results).get(scenario.key)!;
      assert.deepEqual(stored, JSON.parse(JSON.stringify(alone.metrics, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))));
    }
  });

  test('returns its results exactly as the store holds them, without reading them back', async () => {
    const db = path.join(tempDir(), 'stored.db');
    // Windows of a few days: some scenarios have only winning trades, a profit factor of Infinity.
    const short = parseSweepSpec({ symbols: ['BTCUSDT', 'XRPUSDT'], timeframes: ['4h'], params: { fast: '3..15:4', slow: 'fast+2..40:9', signal: '5,9' }, ranges: [{ from: '2024-11-01', to: '2024-11-15' }, { from: '2025-01-01', to: '2025-01-10' }] });
    const outcome = await sweep(2, { db, spec: short });
    const store = openStore(db);
    try {
      assert.deepEqual(outcome.results, await store.sweeps.results(outcome.sweepId));
    } finally {
      store.close();
    }
    // A profit factor without a losing trade is Infinity, which the store keeps as null.
    assert.ok(outcome.results.some((row) => row.metrics['profitFactor'] === null));
  });

  test('an interrupted sweep resumes to exactly the uninterrupted results, counting no scenario twice', async () => {
    const db = path.join(tempDir(), 'resume.db');
    const partial = await sweep(2, { db, stopAfter: 40 });
    assert.equal(partial.complete, false);
    assert.ok(partial.results.length >= 40 && partial.results.length < partial.expansion.scenarios.length);
    const resumed = await sweep(2, { db, resume: true });
    assert.equal(resumed.sweepId, partial.sweepId);
    assert.equal(resumed.complete, true);
    assert.equal(resumed.computed, resumed.expansion.scenarios.length - partial.results.length);
    const fresh = await sweep(1);
    assert.deepEqual(resumed.results, fresh.results);
  });
});
