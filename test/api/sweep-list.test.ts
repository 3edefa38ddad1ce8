// GET /api/v1/sweeps lists every stored sweep, not only those this server started: sweeps written
// to the results repository by another process (as `rampart sweep` or a worker does) are listed,
// newest first, on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { openWorkspace } from '../../src/app/index.ts';
import type { OpenWorkspace } from '../../src/app/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { pgSchema } from '../fixtures/pg.ts';
import { startApi } from './fixtures.ts';

async function listsStoredSweeps(t: TestContext, workspace: OpenWorkspace): Promise<void> {
  const { results } = workspace;
  const first = await results.create({ specHash: 'a', settingsHash: 'a', data: [] }, { strategy: 'macd-cross', symbols: ['BTCUSDT'] }, 4, 1_000);
  await results.setStatus(first, 'done', 2_000);
  const second = await results.create({ specHash: 'b', settingsHash: 'b', data: [] }, { strategy: 'sma-cross', symbols: ['ETHUSDT'] }, 9, 3_000);
  const api = await startApi(t, { workspace });
  const answer = await api.call('GET', '/api/v1/sweeps', { token: api.tokens.viewer });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.json.jobs, []);
  assert.deepEqual(answer.json.sweeps, [
    { id: second, status: 'running', total: 9, createdAt: 3_000, finishedAt: null, spec: { strategy: 'sma-cross', symbols: ['ETHUSDT'] } },
    { id: first, status: 'done', total: 4, createdAt: 1_000, finishedAt: 2_000, spec: { strategy: 'macd-cross', symbols: ['BTCUSDT'] } },
  ]);
  assert.deepEqual((await api.call('GET', '/api/v1/sweeps?limit=1', { token: api.tokens.viewer })).json.sweeps.map((s: { id: number }) => s.id), [second]);
  assert.equal((await api.call('GET', '/api/v1/sweeps?limit=0', { token: api.tokens.viewer })).json.error.code, 'BAD_VALUE');
  assert.equal((await api.call('GET', '/api/v1/sweeps')).status, 401);
}

test('GET /api/v1/sweeps lists the sweeps stored in SQLite by another process, newest first', async (t) => {
  const workspace = await openWorkspace({ db: path.join(tempDir('rampart-api-sweeps-'), 'api.db') });
  t.after(() => workspace.close());
  await listsStoredSweeps(t, workspace);
});

test('GET /api/v1/sweeps lists the sweeps stored in PostgreSQL', async (t) => {
  const schema = await pgSchema('sweeplist');
  const workspace = await openWorkspace({ db: path.join(tempDir('rampart-api-sweeps-pg-'), 'api.db'), resultsUrl: schema.url });
  t.after(async () => {
    await workspace.close();
    await schema.drop();
  });
  await listsStoredSweeps(t, workspace);
});
