// Backtests and sweeps through the API: POST answers a job at once, the job's progress reaches
// done, and its stored run or sweep is readable; bad settings are refused naming the field, and a
// strategy or candle file on the server's disk is not loaded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApi } from './fixtures.ts';
import type { Api } from './fixtures.ts';

async function finished(api: Api, id: number): Promise<{ status: string; resultId: number | null; error: string | null; progress: { done: number; total: number } }> {
  for (let i = 0; i < 3_000; i++) {
    const job = (await api.call('GET', `/api/v1/jobs/${id}`, { token: api.tokens.viewer })).json;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`job ${id} did not finish`);
}

test('a backtest job runs, stores its run, and the run is listed and readable', async (t) => {
  const api = await startApi(t);
  assert.equal((await api.call('POST', '/api/v1/backtests', { token: api.tokens.viewer, body: { config: { symbol: 'BTCUSDT' } } })).status, 403);
  const started = await api.call('POST', '/api/v1/backtests', { token: api.tokens.operator, body: { config: { symbol: 'BTCUSDT', timeframe: '1d', params: { fast: 8, slow: 21, signal: 5 } } } });
  assert.equal(started.status, 202, started.text);
  const job = await finished(api, started.json.id);
  assert.equal(job.status, 'done', job.error ?? '');
  assert.deepEqual(job.progress, { done: 1, total: 1 });
  const list = (await api.call('GET', '/api/v1/backtests', { token: api.tokens.viewer })).json;
  assert.deepEqual(list.runs.map((r: { id: number }) => r.id), [job.resultId]);
  const run = (await api.call('GET', `/api/v1/backtests/${job.resultId}`, { token: api.tokens.viewer })).json;
  assert.equal(run.config.symbol, 'BTCUSDT');
  assert.equal(typeof run.summary.metrics.totalReturnPct, 'number');
  assert.equal((await api.call('GET', '/api/v1/backtests/999', { token: api.tokens.viewer })).status, 404);
});

test('bad backtest settings are refused with the field; files on the server are not loaded', async (t) => {
  const api = await startApi(t);
  const token = api.tokens.operator;
  const bad = await api.call('POST', '/api/v1/backtests', { token, body: { config: { symbol: 'BTCUSDT', timeframe: '7q' } } });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /timeframe/);
  const file = await api.call('POST', '/api/v1/backtests', { token, body: { config: { symbol: 'BTCUSDT', strategy: '/tmp/evil.ts' } } });
  assert.equal(file.status, 400);
  assert.match(file.json.error.message, /^body\.config\.strategy: strategy files are not loaded through the API/);
  const data = await api.call('POST', '/api/v1/backtests', { token, body: { config: { symbol: 'BTCUSDT', dataFile: '/etc/passwd' } } });
  assert.match(data.json.error.message, /^body\.config\.dataFile: /);
  assert.deepEqual((await api.call('GET', '/api/v1/backtests', { token })).json.jobs, []);
});

test('a sweep job runs to completion and its results are readable', async (t) => {
  const api = await startApi(t, { sweepWorkers: 1 });
  const started = await api.call('POST', '/api/v1/sweeps', { token: api.tokens.operator, body: { spec: { symbols: ['BTCUSDT'], timeframes: ['1d'], params: { fast: '5..10:5', slow: 30, signal: 9 } } } });
  assert.equal(started.status, 202, started.text);
  const job = await finished(api, started.json.id);
  assert.equal(job.status, 'done', job.error ?? '');
  assert.deepEqual(job.progress, { done: 2, total: 2 });
  const sweep = (await api.call('GET', `/api/v1/sweeps/${job.resultId}`, { token: api.tokens.viewer })).json;
  assert.equal(sweep.results.length, 2);
  assert.equal((await api.call('GET', '/api/v1/sweeps', { token: api.tokens.viewer })).json.jobs[0].id, started.json.id);
});
