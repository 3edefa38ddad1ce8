// The fleet file through the API: read by anyone signed in, replaced by admins only after it
// validates (a refusal names the field and changes nothing; a success keeps a .bak); promotion one
// rung at a time, refused below the gates for an operator, forced by an admin with a reason that
// the audit log keeps.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { startApi } from './fixtures.ts';
import { tempDir } from '../fixtures/cli.ts';

const FLEET = {
  simulator: { speed: 36_000 },
  instances: [
    { name: 's1', mode: 'shadow', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', sizing: 'percent', sizingValue: 20 },
    { name: 'p1', mode: 'paper', symbol: 'ETHUSDT', timeframe: '1h', strategy: 'sma-cross', sizing: 'percent', sizingValue: 20 },
  ],
};

function fleetFile(): string {
  const file = path.join(tempDir('rampart-api-config-'), 'fleet.yml');
  writeFileSync(file, `# the team's fleet\n${stringify(FLEET)}`);
  return file;
}

test('config: viewers read it; a write is admin only, validated (the refusal names the field, nothing changes), atomic with a .bak', async (t) => {
  const file = fleetFile();
  const api = await startApi(t, { fleetFile: file });
  const read = await api.call('GET', '/api/v1/config', { token: api.tokens.viewer });
  assert.equal(read.status, 200);
  assert.equal(read.json.config.instances[1].name, 'p1');
  assert.equal(read.json.config.onStop, 'cancel-orders', 'defaults filled in');
  const before = readFileSync(file, 'utf8');

  assert.equal((await api.call('PUT', '/api/v1/config', { token: api.tokens.operator, body: { config: FLEET } })).status, 403);
  const bad = await api.call('PUT', '/api/v1/config', { token: api.tokens.admin, body: { config: { ...FLEET, instances: [{ ...FLEET.instances[0], symbol: 42 }] } } });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.code, 'CONFIG_INVALID');
  assert.match(bad.json.error.message, /^config\.instances\.0\.symbol: /);
  const unknownKey = await api.call('PUT', '/api/v1/config', { token: api.tokens.admin, body: { config: { ...FLEET, speed: 3 } } });
  assert.equal(unknownKey.json.error.code, 'CONFIG_INVALID');
  assert.match(unknownKey.json.error.message, /unknown key 'speed'/);
  assert.equal(readFileSync(file, 'utf8'), before, 'a refused write changes nothing');
  assert.ok(!existsSync(`${file}.new`) && !existsSync(`${file}.bak`));

  const changed = { ...FLEET, maxExposure: 5_000 };
  const ok = await api.call('PUT', '/api/v1/config', { token: api.tokens.admin, body: { config: changed } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(parse(readFileSync(file, 'utf8')).maxExposure, 5_000);
  assert.equal(readFileSync(`${file}.bak`, 'utf8'), before);
  assert.deepEqual(api.workspace.live.audit.list().map((e) => [e.actor, e.action, e.status]), [
    ['admin', 'config.write', 200],
    ['admin', 'config.write', 400],
    ['admin', 'config.write', 400],
    ['operator', 'config.write', 403],
  ]);
});

test('promote: one rung only; an operator is held by the gates; an admin forces with a reason; the file keeps its comments', async (t) => {
  const file = fleetFile();
  const api = await startApi(t, { fleetFile: file, promotionGates: { minTrades: 2, minDays: 0 } });
  const live = api.workspace.live;
  const call = (role: 'viewer' | 'operator' | 'admin', name: string, body: unknown) => api.call('POST', `/api/v1/instances/${name}/promote`, { token: api.tokens[role], body });

  assert.equal((await call('viewer', 's1', { to: 'paper' })).status, 403);
  const skip = await call('operator', 's1', { to: 'testnet' });
  assert.equal(skip.status, 409);
  assert.equal(skip.json.error.code, 'ONE_RUNG_ONLY');
  const held = await call('operator', 's1', { to: 'paper' });
  assert.equal(held.status, 409);
  assert.equal(held.json.error.code, 'GATES_NOT_MET');
  assert.match(held.json.error.message, /trades: 0 closed trades in shadow \(at least 2\)/);

  // Two closed trades in shadow and no halt: the gates pass.
  const now = Date.now();
  live.journal.append({ instance: 's1', mode: 'shadow', kind: 'start', time: now, data: { symbol: 'BTC/USDT', timeframe: '1h', cash: 10_000 } });
  for (const pnl of [5, -2]) live.journal.append({ instance: 's1', mode: 'shadow', kind: 'trade', time: now, data: { pnl } });
  live.journal.append({ instance: 's1', mode: 'shadow', kind: 'balance', time: now, data: { equity: 10_003 } });
  const promoted = await call('operator', 's1', { to: 'paper' });
  assert.equal(promoted.status, 200, promoted.text);
  assert.match(promoted.json.message, /s1: shadow → paper written to .*; effective at the instance's next start/);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.startsWith("# the team's fleet"), 'comments kept');
  assert.equal(parse(text).instances[0].mode, 'paper');

  // p1 (paper → testnet) has no trades: only a forced promotion, by an admin, with a reason.
  assert.equal((await call('operator', 'p1', { to: 'testnet', force: true, reason: 'x' })).status, 403);
  const noReason = await call('admin', 'p1', { to: 'testnet', force: true });
  assert.equal(noReason.json.error.code, 'REASON_REQUIRED');
  const forced = await call('admin', 'p1', { to: 'testnet', force: true, reason: 'exchange drill' });
  assert.equal(forced.status, 200, forced.text);
  assert.equal(parse(readFileSync(file, 'utf8')).instances[1].mode, 'testnet');
  const entry = live.audit.list({ limit: 1 })[0]!;
  assert.deepEqual([entry.actor, entry.action, entry.target, entry.outcome], ['admin', 'promote', 'p1', 'ok']);
  assert.match(entry.detail!, /^forced past trades: exchange drill$/);
});
