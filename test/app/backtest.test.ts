// The backtest use cases without the CLI: a run is stored with the config it used, and a rerun of
// it reproduces the metrics exactly; an unknown run is refused.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { backtestAndStore, openWorkspace, rerunBacktest } from '../../src/app/index.ts';
import { parseBacktestConfig } from '../../src/backtest/index.ts';
import { InputError, SimulatedClock } from '../../src/core/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const workspace = await openWorkspace({ db: path.join(tempDir(), 'app.db'), clock: new SimulatedClock(Date.UTC(2026, 0, 1)) });
after(() => workspace.close());

describe('backtest use cases', () => {
  test('stores a run with the data source it used, and its rerun reproduces it exactly', async () => {
    const lines: string[] = [];
    const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d', params: { fast: 8, slow: 21, signal: 5 }, maxTradesPerDay: 1 });
    const run = await backtestAndStore(config, workspace, { announce: (line) => lines.push(line) });
    assert.match(lines[0]!, /^data: bundled binance BTCUSDT 1d/);
    const stored = workspace.store.runs.get(run.runId)!;
    assert.equal(stored.createdAt, Date.UTC(2026, 0, 1));
    assert.deepEqual(stored.config, { ...config, source: 'bundled', params: run.job.result.config.params });
    const rerun = await rerunBacktest(run.runId, workspace);
    assert.equal(rerun.reproduced, true);
    assert.equal(rerun.sameData, true);
    assert.deepEqual(rerun.job.result.metrics, run.job.result.metrics);
  });

  test('refuses to rerun a run that is not stored', async () => {
    await assert.rejects(rerunBacktest(999, workspace), (error: unknown) => error instanceof InputError && /no stored backtest run '999'/.test(error.message));
  });
});
