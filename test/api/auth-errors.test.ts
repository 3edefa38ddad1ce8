// The API's front door over real HTTP on loopback: tokens and roles, the session cookie, and every
// bad request answered with one JSON error of a stable code and the right status, no stack, no
// secret; CORS closed; the audit log records mutating calls and refuses to be changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashToken } from '../../src/api/index.ts';
import { startApi } from './fixtures.ts';

test('healthz answers without a token; a route needing a role refuses a missing or wrong token with 401', async (t) => {
  const api = await startApi(t);
  assert.deepEqual((await api.call('GET', '/healthz')).json, { ok: true });
  const missing = await api.call('GET', '/api/v1/me');
  assert.equal(missing.status, 401);
  assert.equal(missing.json.error.code, 'UNAUTHENTICATED');
  const wrong = await api.call('GET', '/api/v1/me', { token: 'rmp_not-a-token' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.error.code, 'UNAUTHENTICATED');
  const malformed = await api.call('GET', '/api/v1/me', { headers: { authorization: 'Basic abc' } });
  assert.equal(malformed.status, 401);
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const me = await api.call('GET', '/api/v1/me', { token: api.tokens[role] });
    assert.equal(me.status, 200);
    assert.equal(me.json.role, role);
  }
});

test('tokens are stored as their SHA-256 only, and look like rmp_ + 32 random bytes', async (t) => {
  const api = await startApi(t);
  assert.match(api.tokens.admin, /^rmp_[A-Za-z0-9_-]{43}$/);
  const user = api.workspace.live.users.byTokenHash(hashToken(api.tokens.admin));
  assert.equal(user?.name, 'admin');
  assert.equal(api.workspace.live.users.byTokenHash(api.tokens.admin), undefined, 'the token itself is not a key');
});

test('sign-in sets an HttpOnly SameSite=Strict cookie that then authenticates; sign-out clears it', async (t) => {
  const api = await startApi(t);
  const signIn = await api.call('POST', '/api/v1/session', { body: { token: api.tokens.operator } });
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers.get('set-cookie')!;
  assert.match(cookie, /^rampart_session=rmp_[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  assert.ok(!signIn.text.includes(api.tokens.operator), 'the token is not echoed in the body');
  const me = await api.call('GET', '/api/v1/me', { headers: { cookie: cookie.split(';')[0]! } });
  assert.equal(me.json.name, 'operator');
  const out = await api.call('DELETE', '/api/v1/session');
  assert.match(out.headers.get('set-cookie')!, /Max-Age=0/);
  const bad = await api.call('POST', '/api/v1/session', { body: { token: 'rmp_wrong' } });
  assert.equal(bad.status, 401);
});

test('bad requests: malformed JSON, unknown field, bad value, oversized body, not JSON, unknown route, wrong method, each a JSON error with its code', async (t) => {
  const api = await startApi(t, { bodyLimit: 1024 });
  const cases: [string, { raw?: string; body?: unknown; url?: string; method?: string; headers?: Record<string, string> }, number, string, RegExp][] = [
    ['not JSON', { raw: 'token=x', headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE', /send it with the header content-type: application\/json/],
    ['a form', { raw: 'token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE', /content-type: application\/json/],
    ['GET on a POST-only route', { url: '/api/v1/fleet/kill', method: 'GET' }, 405, 'METHOD_NOT_ALLOWED', /^GET \/api\/v1\/fleet\/kill is not served; this route takes POST$/],
    ['GET on a POST-only route with a parameter', { url: '/api/v1/instances/a1/close-all', method: 'GET' }, 405, 'METHOD_NOT_ALLOWED', /takes POST$/],
    ['PUT on a session', { url: '/api/v1/session', method: 'PUT' }, 405, 'METHOD_NOT_ALLOWED', /takes POST, DELETE$/],
    ['malformed JSON', { raw: '{"token": ' }, 400, 'MALFORMED_JSON', /not valid JSON/],
    ['unknown field', { body: { token: 'x', admin: true } }, 400, 'UNKNOWN_FIELD', /body: unknown field 'admin'/],
    ['bad value', { body: { token: 42 } }, 400, 'BAD_VALUE', /^body\.token: /],
    ['missing field', { body: {} }, 400, 'BAD_VALUE', /^body\.token: /],
    ['body too large', { raw: JSON.stringify({ token: 'x'.repeat(5_000) }) }, 413, 'BODY_TOO_LARGE', /./],
    ['unknown route', { url: '/api/v1/nothing', method: 'GET' }, 404, 'NOT_FOUND', /no route GET \/api\/v1\/nothing/],
  ];
  for (const [what, request, status, code, message] of cases) {
    const answer = await api.call(request.method ?? 'POST', request.url ?? '/api/v1/session', { ...(request.raw === undefined ? {} : { raw: request.raw }), ...(request.body === undefined ? {} : { body: request.body }), ...(request.headers === undefined ? {} : { headers: request.headers }) });
    if (status === 405) assert.match(answer.headers.get('allow') ?? '', /POST/, `${what}: the Allow header`);
    assert.equal(answer.status, status, `${what}: ${answer.text}`);
    assert.deepEqual(Object.keys(answer.json), ['error'], what);
    assert.equal(answer.json.error.code, code, what);
    assert.match(answer.json.error.message, message, what);
    assert.ok(!/\bat .*\.(ts|js):\d+/.test(answer.text), `${what}: no stack`);
  }
});

test('rate limited per token with 429 RATE_LIMITED; CORS stays closed', async (t) => {
  const api = await startApi(t, { rateLimit: { max: 3, windowMs: 60_000 } });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await api.call('GET', '/api/v1/me', { token: api.tokens.viewer, headers: { origin: 'https://evil.example' } })).status);
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  const limited = await api.call('GET', '/api/v1/me', { token: api.tokens.viewer });
  assert.equal(limited.json.error.code, 'RATE_LIMITED');
  // Another token has its own allowance.
  assert.equal((await api.call('GET', '/api/v1/me', { token: api.tokens.admin })).status, 200);
  const preflight = await api.call('OPTIONS', '/api/v1/me', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  assert.ok(api.answers.every((text) => !text.toLowerCase().includes('access-control-allow-origin')));
});

test('a mutating call is audited (who, role, route, ip, outcome, status) whatever its outcome; the log refuses UPDATE and DELETE', async (t) => {
  const api = await startApi(t);
  await api.call('POST', '/api/v1/session', { body: { token: api.tokens.viewer } });
  await api.call('POST', '/api/v1/session', { body: { token: 'rmp_wrong' } });
  await api.call('POST', '/api/v1/session', { raw: '{' });
  const entries = api.workspace.live.audit.list();
  assert.deepEqual(entries.map((e) => [e.actor, e.role, e.action, e.route, e.ip, e.outcome, e.status, e.detail]), [
    ['anonymous', null, 'sign-in', 'POST /api/v1/session', '127.0.0.1', 'refused', 400, 'MALFORMED_JSON'],
    ['anonymous', null, 'sign-in', 'POST /api/v1/session', '127.0.0.1', 'refused', 401, 'UNAUTHENTICATED'],
    ['viewer', 'viewer', 'sign-in', 'POST /api/v1/session', '127.0.0.1', 'ok', 200, null],
  ]);
  const db = (await import('better-sqlite3')).default(api.workspace.store.path);
  t.after(() => db.close());
  assert.throws(() => db.prepare("UPDATE audit_log SET actor = 'x'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
  assert.equal(api.workspace.live.audit.list().length, 3);
  const columns = db.prepare('SELECT * FROM api_users').all() as Record<string, unknown>[];
  assert.ok(columns.every((row) => !Object.values(row).includes(api.tokens.viewer)), 'no token stored');
});

test('no token or cookie appears in any answer or log line', async (t) => {
  const api = await startApi(t);
  await api.call('POST', '/api/v1/session', { body: { token: api.tokens.admin } });
  await api.call('GET', '/api/v1/me', { token: api.tokens.admin });
  await api.call('GET', '/api/v1/me', { headers: { cookie: `rampart_session=${api.tokens.operator}` } });
  await api.call('POST', '/api/v1/session', { raw: `{"token": "${api.tokens.viewer}"` });
  assert.ok(api.logLines.length > 0, 'the server logged its requests');
  for (const token of Object.values(api.tokens)) {
    for (const line of api.logLines) assert.ok(!line.includes(token), `a log line holds a token: ${line}`);
    for (const text of api.answers.filter((a) => !a.includes('set-cookie'))) assert.ok(!text.includes(token), 'an answer holds a token');
  }
});
