// The auth and audit path on a PostgreSQL live store (127.0.0.1:5432, database `test`, a schema of
// its own): users by token hash, roles, a kill through the API, the audit log, which the database
// refuses to update, delete or truncate.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openWorkspace } from '../../src/app/index.ts';
import { adminQuery, pgSchema } from '../fixtures/pg.ts';
import { tempDir } from '../fixtures/cli.ts';
import { startApi } from './fixtures.ts';

test('on PostgreSQL: roles, a confirmed kill, and an append-only audit log', async (t) => {
  const schema = await pgSchema('api');
  const workspace = await openWorkspace({ db: path.join(tempDir('rampart-api-pg-'), 'unused.db'), liveUrl: schema.url });
  t.after(async () => {
    await workspace.close();
    await schema.drop();
  });
  const api = await startApi(t, { workspace });
  workspace.live.kills.registerInstances(['g1'], Date.now());
  assert.equal((await api.call('GET', '/api/v1/me', { token: api.tokens.viewer })).json.name, 'viewer');
  assert.equal((await api.call('GET', '/api/v1/me', { token: 'rmp_wrong' })).status, 401);
  assert.equal((await api.call('POST', '/api/v1/instances/g1/kill', { token: api.tokens.viewer, body: { confirm: 'g1' } })).status, 403);
  assert.equal((await api.call('POST', '/api/v1/instances/g1/kill', { token: api.tokens.operator, body: {} })).json.error.code, 'CONFIRMATION_REQUIRED');
  assert.deepEqual(workspace.live.kills.flags(), []);
  assert.equal((await api.call('POST', '/api/v1/instances/g1/kill', { token: api.tokens.operator, body: { confirm: 'g1' } })).status, 202);
  assert.deepEqual(workspace.live.kills.flags().map((f) => [f.scope, f.source]), [['g1', 'api']]);
  const audit = (await api.call('GET', '/api/v1/audit', { token: api.tokens.admin })).json;
  assert.deepEqual(audit.map((e: { actor: string; action: string; status: number }) => [e.actor, e.action, e.status]), [
    ['operator', 'kill', 202],
    ['operator', 'kill', 400],
    ['viewer', 'kill', 403],
  ]);
  const stored = await adminQuery<{ token_hash: string }>(`SELECT token_hash FROM ${schema.schema}.api_users`);
  assert.ok(stored.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash)));
  for (const statement of [`UPDATE ${schema.schema}.audit_log SET actor = 'x'`, `DELETE FROM ${schema.schema}.audit_log`, `TRUNCATE ${schema.schema}.audit_log`]) {
    await assert.rejects(adminQuery(statement), /append-only/, statement);
  }
  assert.equal(workspace.live.audit.list().length, 3);
});
