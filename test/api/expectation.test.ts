// The expectation route over real HTTP: a backtest of the instance's settings in the fleet file
// over the window its latest run traded live (from the journal's candles, or from/to), on the
// bundled candles the simulator replays; its equity starts at the window's first candle and
// matches a backtest of the same deployment run directly.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { instanceBacktestInput, parseBacktestConfig, runBacktestJob } from '../../src/backtest/index.ts';
import { readFleetFile } from '../../src/config/index.ts';
import type { LiveStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { startApi } from './fixtures.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2025, 2, 1);

function fleetFile(dir: string): string {
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ instances: [{ name: 'p1', mode: 'paper', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'percent', sizingValue: 20 }] }));
  return file;
}

/** A run of p1 that handled `count` candles from `first`; an earlier run's candles before it. */
function journalRun(live: LiveStore, first: number, count: number): void {
  const candle = (time: number) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 });
  live.journal.append({ instance: 'p1', mode: 'paper', kind: 'start', time: Date.now(), data: { symbol: 'BTCUSDT', timeframe: '1h', cash: 10_000 } });
  live.journal.append({ instance: 'p1', mode: 'paper', kind: 'candle', time: Date.now(), candleTime: first - 100 * HOUR, data: candle(first - 100 * HOUR) });
  live.journal.append({ instance: 'p1', mode: 'paper', kind: 'start', time: Date.now(), data: { symbol: 'BTCUSDT', timeframe: '1h', cash: 10_000 } });
  for (let i = 0; i < count; i++) live.journal.append({ instance: 'p1', mode: 'paper', kind: 'candle', time: Date.now(), candleTime: first + i * HOUR, data: candle(first + i * HOUR) });
}

test("the expectation backtests the instance's settings over its latest run's live window, as a direct backtest of the deployment does", async (t) => {
  const dir = tempDir('rampart-api-exp-');
  const file = fleetFile(dir);
  const api = await startApi(t, { dir, fleetFile: file });
  journalRun(api.workspace.live, START, 240);
  const answer = await api.call('GET', '/api/v1/instances/p1/expectation', { token: api.tokens.viewer });
  assert.equal(answer.status, 200, answer.text);
  const body = answer.json;
  assert.equal(body.from, START);
  assert.equal(body.to, START + 240 * HOUR);
  assert.equal(body.source, 'data/binance/BTCUSDT-1h.csv');
  assert.equal(body.equity.length, 240);
  assert.equal(body.equity[0].time, START);
  assert.equal(body.equity.at(-1).time, START + 239 * HOUR);
  assert.ok(body.trades.length > 0, 'macd-cross 3/7/3 trades over ten days of hourly candles');

  const instance = readFleetFile(file).instances[0]!;
  const direct = await runBacktestJob(parseBacktestConfig({ ...instanceBacktestInput(instance), from: START, to: START + 240 * HOUR }), api.workspace.store);
  assert.deepEqual(body.metrics, JSON.parse(JSON.stringify(direct.result.metrics)));
  assert.deepEqual(body.equity.map((p: { equity: number }) => p.equity), Array.from(direct.result.equity.equity));
  assert.equal(body.trades.length, direct.result.trades.length);

  // from/to given: that window instead (to exclusive), dates as ISO-8601 or epoch ms.
  const window = await api.call('GET', `/api/v1/instances/p1/expectation?from=2025-03-02&to=${START + 2 * 24 * HOUR}`, { token: api.tokens.viewer });
  assert.equal(window.status, 200, window.text);
  assert.equal(window.json.equity.length, 24);
  assert.equal(window.json.equity[0].time, START + 24 * HOUR);
});

test('the expectation refuses what it cannot answer: an unknown instance, no live candle, a bad date, no fleet file', async (t) => {
  const dir = tempDir('rampart-api-exp-');
  const api = await startApi(t, { dir, fleetFile: fleetFile(dir) });
  const token = api.tokens.viewer;
  const unknown = await api.call('GET', '/api/v1/instances/zz/expectation', { token });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'UNKNOWN_INSTANCE');
  assert.match(unknown.json.error.message, /instances: p1/);
  const empty = await api.call('GET', '/api/v1/instances/p1/expectation', { token });
  assert.equal(empty.status, 404);
  assert.equal(empty.json.error.code, 'NO_LIVE_WINDOW');
  const bad = await api.call('GET', '/api/v1/instances/p1/expectation?from=yesterday&to=2025-03-02', { token });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /^query\.from: 'yesterday' is not an ISO-8601 date/);
  const backwards = await api.call('GET', '/api/v1/instances/p1/expectation?from=2025-03-02&to=2025-03-01', { token });
  assert.equal(backwards.status, 400);
  assert.match(backwards.json.error.message, /to .* must be after from/);
  assert.equal((await api.call('GET', '/api/v1/instances/p1/expectation')).status, 401);

  const bare = await startApi(t);
  const none = await bare.call('GET', '/api/v1/instances/p1/expectation?from=2025-03-01&to=2025-03-02', { token: bare.tokens.viewer });
  assert.equal(none.status, 404);
  assert.equal(none.json.error.code, 'NO_FLEET_FILE');
});
