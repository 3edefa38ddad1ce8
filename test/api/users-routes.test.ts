// Admin routes for the API's users over real HTTP: list without tokens or hashes, add (the token in
// that answer only, and it signs in), remove (the token stops working), the last admin kept,
// other roles refused; every call audited, no token in any later answer, the log or the audit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashToken } from '../../src/api/index.ts';
import { startApi } from './fixtures.ts';

test('admins list, add and remove users; the new token is shown once and never logged; the last admin stays', async (t) => {
  const api = await startApi(t);
  const token = api.tokens.admin;
  const listed = await api.call('GET', '/api/v1/users', { token });
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.json.map((u: { name: string; role: string }) => [u.name, u.role]).sort(), [['admin', 'admin'], ['operator', 'operator'], ['viewer', 'viewer']]);
  assert.deepEqual(Object.keys(listed.json[0]).sort(), ['createdAt', 'name', 'role']);

  const added = await api.call('POST', '/api/v1/users', { token, body: { name: 'carol', role: 'operator' } });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.json.user.name, 'carol');
  assert.equal(added.json.user.role, 'operator');
  const carol = added.json.token as string;
  assert.match(carol, /^rmp_/);
  assert.equal((await api.call('GET', '/api/v1/me', { token: carol })).json.name, 'carol');
  const again = await api.call('POST', '/api/v1/users', { token, body: { name: 'carol', role: 'viewer' } });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'USER_EXISTS');
  assert.equal((await api.call('POST', '/api/v1/users', { token, body: { name: 'dave', role: 'root' } })).json.error.code, 'BAD_VALUE');
  assert.equal((await api.call('POST', '/api/v1/users', { token, body: { name: 'dave', role: 'viewer', token: 'x' } })).json.error.code, 'UNKNOWN_FIELD');

  // Operators and viewers may not manage users.
  for (const role of ['operator', 'viewer'] as const) {
    assert.equal((await api.call('GET', '/api/v1/users', { token: api.tokens[role] })).status, 403);
    assert.equal((await api.call('POST', '/api/v1/users', { token: api.tokens[role], body: { name: 'eve', role: 'admin' } })).status, 403);
    assert.equal((await api.call('DELETE', '/api/v1/users/admin', { token: api.tokens[role] })).status, 403);
  }
  assert.ok(!api.workspace.live.users.list().some((u) => u.name === 'eve'));

  const removed = await api.call('DELETE', '/api/v1/users/carol', { token });
  assert.equal(removed.status, 200, removed.text);
  assert.equal((await api.call('GET', '/api/v1/me', { token: carol })).status, 401, 'a removed user’s token stops working');
  assert.equal((await api.call('DELETE', '/api/v1/users/carol', { token })).json.error.code, 'UNKNOWN_USER');
  const last = await api.call('DELETE', '/api/v1/users/admin', { token });
  assert.equal(last.status, 409);
  assert.equal(last.json.error.code, 'LAST_ADMIN');
  assert.equal(api.workspace.live.users.list().filter((u) => u.role === 'admin').length, 1);
  // With a second admin, the first may go.
  const second = (await api.call('POST', '/api/v1/users', { token, body: { name: 'root2', role: 'admin' } })).json.token as string;
  assert.equal((await api.call('DELETE', '/api/v1/users/admin', { token: second })).status, 200);
  assert.equal((await api.call('DELETE', '/api/v1/users/root2', { token: second })).json.error.code, 'LAST_ADMIN');

  assert.deepEqual(api.workspace.live.audit.list().map((e) => [e.actor, e.action, e.target, e.status]).reverse(), [
    ['admin', 'user.add', 'carol', 201],
    ['admin', 'user.add', 'carol', 409],
    ['admin', 'user.add', 'dave', 400],
    ['admin', 'user.add', 'dave', 400],
    ['operator', 'user.add', 'eve', 403],
    ['operator', 'user.remove', 'admin', 403],
    ['viewer', 'user.add', 'eve', 403],
    ['viewer', 'user.remove', 'admin', 403],
    ['admin', 'user.remove', 'carol', 200],
    ['admin', 'user.remove', 'carol', 404],
    ['admin', 'user.remove', 'admin', 409],
    ['admin', 'user.add', 'root2', 201],
    ['root2', 'user.remove', 'admin', 200],
    ['root2', 'user.remove', 'root2', 409],
  ]);
  // The tokens appear in the answer that created them and nowhere else: no other answer, no log line, no audit entry.
  for (const secret of [carol, second]) {
    const shown = api.answers.filter((a) => a.includes(secret));
    assert.equal(shown.length, 1, 'shown once');
    assert.ok(!api.logLines.some((line) => line.includes(secret)), 'never logged');
    assert.ok(!JSON.stringify(api.workspace.live.audit.list()).includes(secret), 'not in the audit log');
    assert.ok(!api.answers.some((a) => a.includes(hashToken(secret))), 'its hash never answered');
  }
});
