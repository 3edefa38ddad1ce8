// The API from the command line: `rampart users add` prints a token once and the store keeps only
// its hash; `rampart start` serves the API beside its fleet (the first admin's token printed once)
// and, when its port is taken, warns in one line and runs the fleet all the same.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { hashToken } from '../../src/api/index.ts';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

test('users add prints a token once and stores only its hash; list shows no token; bad input is one line, exit 2', () => {
  const db = path.join(tempDir('rampart-users-'), 'users.db');
  const add = rampart(['--db', db, 'users', 'add', 'alice', '--role', 'operator']);
  assert.equal(add.status, 0, add.stderr);
  const tokens = add.stdout.match(/rmp_[A-Za-z0-9_-]{43}/g)!;
  assert.equal(tokens.length, 1, 'the token is printed once');
  const token = tokens[0]!;
  const sqlite = new Database(db, { readonly: true });
  const rows = sqlite.prepare('SELECT * FROM api_users').all() as Record<string, unknown>[];
  sqlite.close();
  assert.deepEqual(rows.map((r) => [r['name'], r['role'], r['token_hash']]), [['alice', 'operator', hashToken(token)]]);
  assert.ok(!JSON.stringify(rows).includes(token), 'the token itself is not stored');
  const list = rampart(['--db', db, 'users', 'list']);
  assert.match(list.stdout, /^alice\toperator\tsince /);
  assert.ok(!list.stdout.includes('rmp_'));
  const again = rampart(['--db', db, 'users', 'add', 'alice', '--role', 'admin']);
  assert.equal(again.status, 2);
  assert.match(again.stderr.trim(), /^rampart: a user named 'alice' exists already/);
  assert.equal(again.stderr.trim().split('\n').length, 1);
  const badRole = rampart(['--db', db, 'users', 'add', 'bob', '--role', 'root']);
  assert.equal(badRole.status, 2);
  assert.match(badRole.stderr, /--role: 'root' is not a role \(one of viewer, operator, admin\)/);
  assert.equal(rampart(['--db', db, 'users', 'remove', 'alice']).status, 0);
  assert.equal(rampart(['--db', db, 'users', 'remove', 'alice']).status, 2);
});

test('users remove keeps the last admin, as the API does: one line, exit 2, nothing removed', () => {
  const db = path.join(tempDir('rampart-users-'), 'users.db');
  assert.equal(rampart(['--db', db, 'users', 'add', 'root', '--role', 'admin']).status, 0);
  assert.equal(rampart(['--db', db, 'users', 'add', 'ops', '--role', 'operator']).status, 0);
  const last = rampart(['--db', db, 'users', 'remove', 'root']);
  assert.equal(last.status, 2);
  assert.equal(last.stderr.trim(), "rampart: 'root' is the last admin; add another admin before removing it (npx rampart users add NAME --role admin)");
  assert.equal(last.stdout, '');
  assert.match(rampart(['--db', db, 'users', 'list']).stdout, /^root\tadmin\t/m, 'still there');
  // With a second admin the first may go; then the second is the last one.
  assert.equal(rampart(['--db', db, 'users', 'add', 'root2', '--role', 'admin']).status, 0);
  assert.equal(rampart(['--db', db, 'users', 'remove', 'root']).status, 0);
  assert.equal(rampart(['--db', db, 'users', 'remove', 'root2']).status, 2);
  assert.deepEqual(rampart(['--db', db, 'users', 'list']).stdout.trim().split('\n').map((line) => line.split('\t').slice(0, 2).join(' ')).sort(), ['ops operator', 'root2 admin']);
});

function fleetFile(dir: string, speed: number): string {
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ simulator: { speed, start: '2025-03-01' }, instances: [{ name: 'w1', mode: 'paper', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', sizing: 'percent', sizingValue: 20 }] }));
  return file;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

test('start serves the API beside its fleet and prints the first admin token once', async (t) => {
  const dir = tempDir('rampart-start-api-');
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', path.join(dir, 'f.db'), 'start', '--config', fleetFile(dir, 3_600), '--port', String(port), '--exit-after-candles', '300'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  for (let i = 0; i < 600 && !out.includes('API and dashboard on'); i++) await new Promise((r) => setTimeout(r, 50));
  assert.match(out, new RegExp(`API and dashboard on http://127\\.0\\.0\\.1:${port}`));
  const tokens = out.match(/rmp_[A-Za-z0-9_-]{43}/g)!;
  assert.equal(tokens.length, 1);
  const fleet = await fetch(`http://127.0.0.1:${port}/api/v1/fleet`, { headers: { authorization: `Bearer ${tokens[0]}` } });
  assert.equal(fleet.status, 200);
  const body = (await fleet.json()) as { source: string; instances: { instance: string }[] };
  assert.equal(body.source, 'process');
  assert.deepEqual(body.instances.map((s) => s.instance), ['w1']);
  // The fleet's metrics are served beside it, without a token (Prometheus scrapes).
  const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(metrics.status, 200);
  const text = await metrics.text();
  assert.match(text, /^rampart_instance_info\{instance="w1",mode="paper",symbol="BTCUSDT",timeframe="1h"\} 1$/m);
  assert.match(text, /^process_cpu_seconds_total /m);
  child.kill('SIGINT');
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.ok(code === 0 || code === 130 || code === null, `exit ${code}`);
});

test('start with its API port taken warns in one line and runs the fleet anyway', async (t) => {
  const dir = tempDir('rampart-start-taken-');
  const blocker = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const run = rampart(['--db', path.join(dir, 'f.db'), 'start', '--config', fleetFile(dir, 360_000), '--port', String(port), '--exit-after-candles', '3'], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  const warnings = run.stderr.split('\n').filter((line) => line.includes('warning'));
  assert.deepEqual(warnings, [`rampart: warning: cannot serve the API: port ${port} on 127.0.0.1 is taken (--port another, or --no-serve); the fleet runs without it`]);
  assert.ok(!run.stdout.includes('rmp_'), 'no admin made without a server');
  const status = rampart(['--db', path.join(dir, 'f.db'), 'status', '--json'], { cwd: dir });
  assert.equal((JSON.parse(status.stdout) as { candles: number }[])[0]!.candles, 3);
});
