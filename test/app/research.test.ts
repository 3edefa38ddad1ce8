// The research use cases without the CLI, on the bundled candles and a real SQLite file: a sweep
// ranked, the deployment select gives back (an instance whose backtest on the hold-out is the
// deployment check), walk-forward windows, and the lookahead check.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lookaheadCheck, openWorkspace, selectDeployment, strategyRef, sweep, walkForward } from '../../src/app/index.ts';
import type { RankedSweep } from '../../src/app/index.ts';
import { instanceBacktestInput, parseBacktestConfig, runBacktestJob } from '../../src/backtest/index.ts';
import { readInstanceFile } from '../../src/config/index.ts';
import { InputError, SimulatedClock } from '../../src/core/index.ts';
import { DEPLOY_DEFAULTS, parseSweepSpec } from '../../src/research/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const dir = tempDir();
const workspace = await openWorkspace({ db: path.join(dir, 'research.db'), clock: new SimulatedClock(Date.UTC(2026, 0, 1)) });
after(() => workspace.close());

const spec = parseSweepSpec({ symbols: ['XRPUSDT', 'ETHUSDT'], timeframes: ['4h'], params: { fast: '5..30:5', slow: 'fast+5..60:5', signal: 9 } });

describe('research use cases', () => {
  let swept: RankedSweep;
  before(async () => {
    swept = await sweep({ spec, workers: 2, resume: false, yes: false }, workspace);
  });

  test('a sweep comes back complete and ranked by the spec\'s metric, best first', () => {
    assert.equal(swept.outcome.complete, true);
    assert.equal(swept.rank, 'sharpe');
    assert.equal(swept.ranked.length, swept.outcome.expansion.scenarios.length);
    const sharpes = swept.ranked.map((row) => row.metrics['sharpe'] ?? -Infinity);
    assert.deepEqual(sharpes, [...sharpes].sort((a, b) => b - a));
  });

  test('select gives the deployment as an instance; that instance backtested on the hold-out is the deployment check', async () => {
    const outcome = await selectDeployment(
      { sweepId: swept.outcome.sweepId, minTrades: 5, maxCandidates: 10, holdoutFraction: 0.25, warmupCandles: 200, settings: DEPLOY_DEFAULTS, workers: 2 },
      workspace,
    );
    const { deployment, check } = outcome;
    assert.ok(deployment !== undefined && check !== undefined, outcome.refusal);
    assert.equal(deployment.instance.maxTradesPerDay, 3);
    assert.deepEqual([deployment.instance.sizing, deployment.instance.sizingValue], ['percent', 50]);
    // The text written is the instance: read back, it is the same settings.
    const file = path.join(dir, deployment.fileName);
    writeFileSync(file, deployment.text);
    const read = readInstanceFile(file);
    assert.deepEqual(read, deployment.instance);
    const config = parseBacktestConfig({ ...instanceBacktestInput(read), from: outcome.selection.split });
    const holdout = await runBacktestJob(config, workspace.store);
    assert.deepEqual(holdout.result.metrics, check.holdout);
    assert.deepEqual(holdout.result.config, check.config);
  });

  test('select refuses a sweep that is not stored', async () => {
    const request = { sweepId: 999, minTrades: 5, maxCandidates: 10, holdoutFraction: 0.25, warmupCandles: 200, settings: DEPLOY_DEFAULTS, workers: 1 };
    await assert.rejects(selectDeployment(request, workspace), (error: unknown) => error instanceof InputError && /no sweep '999'/.test(error.message));
  });

  test('walk-forward runs the grid on every window and picks an in-sample winner per window and set', async () => {
    const result = await walkForward({ spec, windows: 2, mode: 'rolling', oosFraction: 0.25, minTrades: 3, workers: 2, yes: false }, workspace);
    assert.equal(result.windows.length, 2);
    assert.equal(result.spec.ranges.length, 4);
    assert.equal(result.metric, 'sharpe');
    assert.equal(result.picks.length, 2 * 2);
    assert.equal(result.complete, true);
    for (const pick of result.picks) {
      if (pick.inSample === undefined) continue;
      assert.equal(pick.inSample.to, pick.window.isTo);
      assert.equal(pick.outOfSample?.from, pick.window.oosFrom);
      assert.deepEqual(pick.outOfSample?.params, pick.inSample.params);
    }
  });

  test('the lookahead check passes macd-cross and flags a strategy that reads the next candle', async () => {
    const clean = await lookaheadCheck({ config: parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d', strategy: 'macd-cross' }), cuts: 5 }, workspace);
    assert.equal(clean.strategyName, 'macd-cross');
    assert.equal(clean.report.findings.length, 0);
    assert.ok(clean.report.decisionsCompared > 0);
    const peeking = await lookaheadCheck({ config: parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d', strategy: strategyRef('test/fixtures/strategies/peeks-ahead.ts') }), cuts: 5 }, workspace);
    assert.ok(peeking.report.findings.length > 0);
  });
});
