// Admin routes for the exchange API keys over real HTTP, on the real encrypted key store the fleet
// file names: list (names, exchange, time added; never the key or secret), add, remove; a missing,
// short or wrong passphrase answered with its own code and nothing written; other roles refused;
// every call audited; the key and the secret in no answer, no log line and no audit entry.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { KeyStore } from '../../src/config/index.ts';
import { startApi } from './fixtures.ts';
import { tempDir } from '../fixtures/cli.ts';

const API_KEY = 'k3yRoutesApiKeyQ8wZr2Lx0Vb7Nf4Tj';
const SECRET = 's3cretRoutesX9pLm2Qa7Wc4Zr8Yt1Ug6Hd0Kf5Jb3Nv';
const PASSPHRASE = 'several random words here';

test('admins list, add and remove exchange keys in the encrypted store; secrets never leave it', async (t) => {
  const dir = tempDir('rampart-api-keys-');
  const keys = path.join(dir, 'team-keys.json');
  const fleetFile = path.join(dir, 'fleet.yml');
  writeFileSync(fleetFile, stringify({ keys, instances: [{ name: 'p1', mode: 'paper', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', sizing: 'percent', sizingValue: 20 }] }));
  let phrase: string | undefined;
  const api = await startApi(t, { fleetFile, passphrase: () => phrase });
  const token = api.tokens.admin;
  const body = { name: 'binance-main', exchange: 'binance', apiKey: API_KEY, secret: SECRET };

  // No store yet: nothing listed, and nothing is created by looking.
  assert.deepEqual((await api.call('GET', '/api/v1/keys', { token })).json, []);
  const noPhrase = await api.call('POST', '/api/v1/keys', { token, body });
  assert.equal(noPhrase.status, 503);
  assert.equal(noPhrase.json.error.code, 'NO_PASSPHRASE');
  assert.match(noPhrase.json.error.message, /RAMPART_PASSPHRASE/);
  phrase = 'short';
  assert.equal((await api.call('POST', '/api/v1/keys', { token, body })).json.error.code, 'WEAK_PASSPHRASE');
  assert.equal(existsSync(keys), false, 'a refused add writes no store');

  phrase = PASSPHRASE;
  const added = await api.call('POST', '/api/v1/keys', { token, body });
  assert.equal(added.status, 201, added.text);
  assert.deepEqual(Object.keys(added.json.key).sort(), ['createdAt', 'exchange', 'name']);
  assert.equal(added.json.key.name, 'binance-main');
  const text = readFileSync(keys, 'utf8');
  assert.ok(!text.includes(API_KEY) && !text.includes(SECRET), 'the file holds them sealed');
  assert.deepEqual(KeyStore.open(keys, PASSPHRASE).get('binance-main'), { name: 'binance-main', exchange: 'binance', apiKey: API_KEY, secret: SECRET });

  const listed = await api.call('GET', '/api/v1/keys', { token });
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.json, [{ name: 'binance-main', exchange: 'binance', createdAt: added.json.key.createdAt }]);

  const again = await api.call('POST', '/api/v1/keys', { token, body: { ...body, exchange: 'kraken' } });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'KEY_EXISTS');
  assert.equal((await api.call('POST', '/api/v1/keys', { token, body: { ...body, name: 'x', exchange: 'ftx' } })).json.error.code, 'BAD_VALUE');
  assert.equal((await api.call('POST', '/api/v1/keys', { token, body: { ...body, name: 'x', passphrase: PASSPHRASE } })).json.error.code, 'UNKNOWN_FIELD');
  const blank = await api.call('POST', '/api/v1/keys', { token, body: { ...body, name: 'x', secret: '  ' } });
  assert.equal(blank.json.error.code, 'BAD_VALUE');
  assert.match(blank.json.error.message, /^body\.secret: /);
  assert.equal((await api.call('POST', '/api/v1/keys', { token, body: { ...body, name: 'bad name!' } })).json.error.code, 'BAD_VALUE');

  for (const role of ['operator', 'viewer'] as const) {
    assert.equal((await api.call('GET', '/api/v1/keys', { token: api.tokens[role] })).status, 403);
    assert.equal((await api.call('POST', '/api/v1/keys', { token: api.tokens[role], body: { ...body, name: 'other' } })).status, 403);
    assert.equal((await api.call('DELETE', '/api/v1/keys/binance-main', { token: api.tokens[role] })).status, 403);
  }

  phrase = 'the wrong passphrase';
  for (const [method, url] of [['GET', '/api/v1/keys'], ['DELETE', '/api/v1/keys/binance-main']] as const) {
    const wrong = await api.call(method, url, { token });
    assert.equal(wrong.status, 503);
    assert.equal(wrong.json.error.code, 'WRONG_PASSPHRASE');
  }
  phrase = PASSPHRASE;
  assert.deepEqual(KeyStore.open(keys, PASSPHRASE).list().map((k) => k.name), ['binance-main'], 'only the admin’s add changed the store');

  assert.equal((await api.call('DELETE', '/api/v1/keys/binance-main', { token })).status, 200);
  assert.deepEqual(KeyStore.open(keys, PASSPHRASE).list(), []);
  const gone = await api.call('DELETE', '/api/v1/keys/binance-main', { token });
  assert.equal(gone.status, 404);
  assert.equal(gone.json.error.code, 'UNKNOWN_KEY');

  assert.deepEqual(api.workspace.live.audit.list().map((e) => [e.actor, e.action, e.target, e.status, e.detail]).reverse(), [
    ['admin', 'key.add', 'binance-main', 503, 'NO_PASSPHRASE'],
    ['admin', 'key.add', 'binance-main', 503, 'WEAK_PASSPHRASE'],
    ['admin', 'key.add', 'binance-main', 201, null],
    ['admin', 'key.add', 'binance-main', 409, 'KEY_EXISTS'],
    ['admin', 'key.add', 'x', 400, 'BAD_VALUE'],
    ['admin', 'key.add', 'x', 400, 'UNKNOWN_FIELD'],
    ['admin', 'key.add', 'x', 400, 'BAD_VALUE'],
    ['admin', 'key.add', 'bad name!', 400, 'BAD_VALUE'],
    ['operator', 'key.add', 'other', 403, 'FORBIDDEN'],
    ['operator', 'key.remove', 'binance-main', 403, 'FORBIDDEN'],
    ['viewer', 'key.add', 'other', 403, 'FORBIDDEN'],
    ['viewer', 'key.remove', 'binance-main', 403, 'FORBIDDEN'],
    ['admin', 'key.remove', 'binance-main', 503, 'WRONG_PASSPHRASE'],
    ['admin', 'key.remove', 'binance-main', 200, null],
    ['admin', 'key.remove', 'binance-main', 404, 'UNKNOWN_KEY'],
  ]);
  // The key and the secret in no answer (not even redacted: they never reached a message), no log line, no audit entry.
  assert.ok(api.logLines.length > 0, 'the server logged its requests');
  const audit = JSON.stringify(api.workspace.live.audit.list());
  for (const secret of [API_KEY, SECRET, PASSPHRASE]) {
    assert.ok(!api.answers.some((a) => a.includes(secret)), 'in no answer');
    assert.ok(!api.logLines.some((line) => line.includes(secret)), 'in no log line');
    assert.ok(!audit.includes(secret), 'in no audit entry');
  }
  assert.ok(!api.answers.some((a) => a.includes('[redacted]')), 'no answer needed redacting');
  assert.ok(!api.logLines.some((line) => line.includes(API_KEY.slice(0, 12)) || line.includes(SECRET.slice(0, 12))), 'not even a prefix in the log');
});
