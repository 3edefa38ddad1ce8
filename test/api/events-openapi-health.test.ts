// Live events, the OpenAPI document and the health checks over real HTTP: an SSE client gets a
// journal entry written after it connected; /openapi.json lists every route with its schemas;
// /readyz fails, naming the check, when an instance's market data is stale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApi } from './fixtures.ts';

test('SSE delivers a journal entry written after the client connected, with status snapshots', async (t) => {
  const api = await startApi(t, { events: { pollMs: 20, statusMs: 50 } });
  const live = api.workspace.live;
  live.journal.append({ instance: 'e1', mode: 'paper', kind: 'start', time: Date.now(), data: { symbol: 'BTC/USDT', timeframe: '1h', cash: 1_000 } });
  const abort = new AbortController();
  t.after(() => abort.abort());
  const response = await fetch(`${api.base}/api/v1/events`, { headers: { authorization: `Bearer ${api.tokens.viewer}` }, signal: abort.signal });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type')!, /^text\/event-stream/);
  assert.equal(response.headers.get('access-control-allow-origin'), null);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const readUntil = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (let i = 0; i < 500; i++) {
      const match = pattern.exec(text);
      if (match !== null) return match;
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    assert.fail(`no ${pattern} in: ${text.slice(0, 500)}`);
  };
  await readUntil(/event: status\ndata: (.*)\n\n/);
  assert.ok(!text.includes('event: journal'), 'entries written before connecting are not replayed');
  const id = live.journal.append({ instance: 'e1', mode: 'paper', kind: 'decision', time: Date.now(), data: { intent: 'after connect' } });
  const event = await readUntil(/id: (\d+)\nevent: journal\ndata: (.*)\n\n/);
  assert.equal(Number(event[1]), id);
  assert.deepEqual(JSON.parse(event[2]!).data, { intent: 'after connect' });
  const status = JSON.parse((await readUntil(/event: status\ndata: (.*e1.*)\n\n/))[1]!);
  assert.equal(status.instances[0].instance, 'e1');
  const refused = await api.call('GET', '/api/v1/events');
  assert.equal(refused.status, 401);
});

test('/openapi.json lists every route with its method, schemas, role and error shape', async (t) => {
  const api = await startApi(t);
  const doc = (await api.call('GET', '/openapi.json')).json;
  assert.equal(doc.openapi, '3.1.0');
  const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)).sort();
  const expected = [
    'GET /healthz', 'GET /readyz', 'GET /openapi.json',
    'POST /api/v1/session', 'DELETE /api/v1/session', 'GET /api/v1/me',
    'GET /api/v1/fleet', 'GET /api/v1/instances/{name}', 'GET /api/v1/instances/{name}/expectation', 'GET /api/v1/instances/{name}/orders', 'GET /api/v1/instances/{name}/trades', 'GET /api/v1/journal', 'GET /api/v1/kill-events',
    ...['kill', 'close-all', 'resume'].flatMap((a) => [`POST /api/v1/fleet/${a}`, `POST /api/v1/instances/{name}/${a}`]),
    'POST /api/v1/instances/{name}/pause', 'POST /api/v1/instances/{name}/unpause', 'POST /api/v1/instances/{name}/promote',
    'GET /api/v1/audit', 'GET /api/v1/config', 'PUT /api/v1/config', 'GET /api/v1/events', 'GET /api/v1/users', 'POST /api/v1/users', 'DELETE /api/v1/users/{name}', 'GET /api/v1/keys', 'POST /api/v1/keys', 'DELETE /api/v1/keys/{name}',
    'POST /api/v1/backtests', 'GET /api/v1/backtests', 'GET /api/v1/backtests/{id}', 'GET /api/v1/jobs/{id}', 'POST /api/v1/sweeps', 'GET /api/v1/sweeps', 'GET /api/v1/sweeps/{id}',
  ].sort();
  assert.deepEqual(listed, expected);
  const kill = doc.paths['/api/v1/fleet/kill'].post;
  assert.equal(kill['x-rampart-role'], 'operator');
  assert.equal(kill['x-rampart-audited-action'], 'kill');
  assert.deepEqual(Object.keys(kill.requestBody.content['application/json'].schema.properties).sort(), ['confirm', 'reason']);
  assert.equal(kill.requestBody.content['application/json'].schema.additionalProperties, false, 'strict: unknown fields refused');
  assert.ok(kill.responses['403'] !== undefined && kill.responses['202'] !== undefined);
  const addKey = doc.paths['/api/v1/keys'].post;
  assert.equal(addKey['x-rampart-role'], 'admin');
  assert.equal(addKey['x-rampart-audited-action'], 'key.add');
  assert.deepEqual(Object.keys(addKey.requestBody.content['application/json'].schema.properties).sort(), ['apiKey', 'exchange', 'name', 'secret']);
  assert.equal(addKey.requestBody.content['application/json'].schema.additionalProperties, false);
  assert.deepEqual(Object.keys(doc.paths['/api/v1/keys'].get.responses['200'].content['application/json'].schema.items.properties).sort(), ['createdAt', 'exchange', 'name'], 'a listed key has no key or secret');
  assert.deepEqual(doc.paths['/api/v1/instances/{name}'].get.parameters.map((p: { name: string; in: string }) => [p.name, p.in]), [['name', 'path']]);
  assert.ok(doc.paths['/api/v1/journal'].get.parameters.some((p: { name: string }) => p.name === 'since'));
  // Every listed route is served (a call without a token is refused, not missing).
  for (const route of listed) {
    const [method, url] = route.split(' ') as [string, string];
    const answer = await api.call(method, url.replace('{name}', 'x').replace('{id}', '1'));
    assert.notEqual(answer.json?.error?.code, 'NOT_FOUND', `${route} is served`);
  }
});

test('/readyz is 200 with fresh data and 503 naming the stale instance when its last candle is old', async (t) => {
  const api = await startApi(t);
  const live = api.workspace.live;
  const now = Date.now();
  const ready = await api.call('GET', '/readyz');
  assert.equal(ready.status, 200, ready.text);
  live.journal.append({ instance: 'fresh', mode: 'paper', kind: 'start', time: now, data: { symbol: 'BTC/USDT', timeframe: '1h', cash: 1_000 } });
  live.journal.append({ instance: 'fresh', mode: 'paper', kind: 'balance', time: now, candleTime: now - 3_600_000, data: { equity: 1_000 } });
  assert.equal((await api.call('GET', '/readyz')).status, 200);
  // Two hours since its last 1h candle was handled: past 1.5 timeframes.
  live.journal.append({ instance: 'stale', mode: 'paper', kind: 'start', time: now - 3 * 3_600_000, data: { symbol: 'ETH/USDT', timeframe: '1h', cash: 1_000 } });
  live.journal.append({ instance: 'stale', mode: 'paper', kind: 'balance', time: now - 2 * 3_600_000, candleTime: now - 3 * 3_600_000, data: { equity: 1_000 } });
  const notReady = await api.call('GET', '/readyz');
  assert.equal(notReady.status, 503, notReady.text);
  assert.equal(notReady.json.ready, false);
  const failed = notReady.json.checks.filter((c: { ok: boolean }) => !c.ok);
  assert.deepEqual(failed.map((c: { name: string }) => c.name), ['data:stale']);
  assert.match(failed[0].detail, /last candle handled \d+ ms ago \(bound 5400000 ms: 1.5 × 1h\)/);
  assert.equal((await api.call('GET', '/healthz')).status, 200, 'alive all the same');
});
