// A fleet's journal, orders and kill flags in PostgreSQL (`--store postgres://…`), as real
// processes on the real server (127.0.0.1:5432, database `test`, a schema of its own per test):
// a bounded run journals what the same run journals in SQLite and `status` reads it back; a second
// process on the instance is refused by the advisory lock, which goes with a crashed holder; the
// kill switch reaches a running fleet through PostgreSQL; a store that cannot be used is one line,
// exit 2, nothing written.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';
import { adminQuery, PG_TEST_DB, pgSchema } from '../fixtures/pg.ts';
import type { PgSchema } from '../fixtures/pg.ts';

const BASE = { symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'quote', sizingValue: 80 };

interface JournalRow {
  readonly instance: string;
  readonly kind: string;
  readonly candleTime: number | null;
  readonly data: Record<string, unknown>;
}

function fleetFile(dir: string, body: Record<string, unknown>): string {
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify(body));
  return file;
}

/** What a run journals, without what differs between two runs (ids, wall-clock times, timings). */
function comparable(rows: readonly JournalRow[], instance: string): unknown[] {
  return rows.filter((row) => row.instance === instance && row.kind !== 'start' && row.kind !== 'stop').map((row) => [row.kind, row.candleTime, row.kind === 'trade' || row.kind === 'decision' ? row.data : null]);
}

async function waitForStart(child: ReturnType<typeof spawn>, output: () => string): Promise<void> {
  for (let i = 0; i < 600 && !output().includes('Ctrl-C stops'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(output(), /Ctrl-C stops/, `the fleet did not start: ${output()}`);
  assert.equal(child.exitCode, null);
}

describe('a fleet on PostgreSQL', () => {
  const dir = tempDir();
  let schema: PgSchema;
  before(async () => {
    schema = await pgSchema('fleet');
  });
  after(() => schema.drop());

  test('a bounded run journals in PostgreSQL what it journals in SQLite, and status, orders and journal read it back', () => {
    const file = fleetFile(dir, { simulator: { speed: 720_000, start: '2025-05-01' }, instances: [{ ...BASE, name: 'paper', mode: 'paper' }, { ...BASE, name: 'tester', mode: 'testnet' }] });
    const db = path.join(dir, 'unused.db');
    const onPg = rampart(['--db', db, 'run', '--config', file, '--store', schema.url, '--exit-after-candles', '60'], { cwd: dir });
    assert.equal(onPg.status, 0, onPg.stderr);
    assert.match(onPg.stdout, /journal in postgres:\/\/postgres@127\.0\.0\.1:5432\/test\?options=/);
    const local = path.join(dir, 'local.db');
    const onSqlite = rampart(['--db', local, 'run', '--config', file, '--exit-after-candles', '60'], { cwd: dir });
    assert.equal(onSqlite.status, 0, onSqlite.stderr);

    const journal = (...store: string[]): JournalRow[] => JSON.parse(rampart(['--db', db, 'journal', '--json', '--limit', '100000', ...store], { cwd: dir }).stdout) as JournalRow[];
    const pgRows = journal('--store', schema.url);
    assert.ok(pgRows.filter((row) => row.kind === 'trade').length > 0, 'the paper instance traded');
    assert.deepEqual(comparable(pgRows, 'paper'), comparable(journal('--db', local), 'paper'), 'the same decisions, fills and trades as on SQLite');
    assert.deepEqual(journal(), [], 'nothing went to the --db file');

    const status = JSON.parse(rampart(['--db', db, 'status', '--json', '--store', schema.url], { cwd: dir }).stdout) as { instance: string; trades: number }[];
    assert.deepEqual(status.map((row) => row.instance), ['paper', 'tester']);
    assert.equal(status[0]!.trades, pgRows.filter((row) => row.instance === 'paper' && row.kind === 'trade').length);
    const orders = JSON.parse(rampart(['--db', db, 'orders', '--json', '--instance', 'tester', '--store', schema.url], { cwd: dir }).stdout) as JournalRow[];
    assert.ok(orders.some((row) => row.kind === 'fill'), 'the testnet orders filled at the simulator');
    return (async () => {
      // The order manager's table is in the schema, every order final once the run is over.
      const table = await adminQuery<{ status: string }>(`SELECT status FROM ${schema.schema}.orders WHERE instance = 'tester'`);
      assert.ok(table.length > 0);
      assert.ok(table.every((row) => ['filled', 'canceled', 'rejected', 'expired'].includes(row.status)), JSON.stringify(table));
    })();
  });

  test('a second process on the instance is refused; kill reaches the running fleet; a crashed holder leaves no lock', async () => {
    const file = fleetFile(dir, { simulator: { speed: 36_000 }, instances: [{ ...BASE, name: 'btc', mode: 'paper' }] });
    const db = path.join(dir, 'lock.db');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', db, 'run', '--config', file, '--store', schema.url], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      await waitForStart(child, () => output);
      const second = rampart(['--db', path.join(dir, 'other.db'), 'run', '--config', file, '--store', schema.url], { cwd: dir });
      assert.equal(second.status, 2);
      assert.equal(second.stderr.trim().split('\n').length, 1, second.stderr);
      assert.match(second.stderr, new RegExp(`instance 'btc' already runs in process ${child.pid} on this store`));

      const kill = rampart(['--db', db, 'kill', '--reason', 'pg halt', '--wait', '30', '--store', schema.url], { cwd: dir });
      assert.equal(kill.status, 0, kill.stderr);
      assert.match(kill.stdout, /^kill of the fleet: nothing was left to do/, 'carried out by the running fleet');
      const row = (JSON.parse(rampart(['--db', db, 'status', '--json', '--store', schema.url], { cwd: dir }).stdout) as { instance: string; riskState: string; riskReason: string }[]).find((r) => r.instance === 'btc')!;
      assert.equal(row.riskState, 'halted');
      assert.match(row.riskReason, /pg halt/);
      assert.equal(rampart(['--db', db, 'resume', '--store', schema.url], { cwd: dir }).status, 0);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // The holder died without releasing anything: its connection went with it, and so did the lock.
    const again = rampart(['--db', db, 'run', '--config', file, '--store', schema.url, '--exit-after-candles', '1'], { cwd: dir });
    assert.equal(again.status, 0, again.stderr);
  });

  test('a server that is down, a missing database or a URL that is not postgres:// is one line, exit 2, nothing written', () => {
    const db = path.join(dir, 'never.db');
    const file = fleetFile(tempDir(), { instances: [{ ...BASE, name: 'btc', mode: 'paper' }] });
    const cases: [string, RegExp][] = [
      ['postgres://user:hunter2@127.0.0.1:5999/x', /^rampart: cannot use the PostgreSQL store at postgres:\/\/user:\*\*\*@127\.0\.0\.1:5999\/x \(connect ECONNREFUSED 127\.0\.0\.1:5999\)$/],
      [`${PG_TEST_DB.replace(/\/test$/, '')}/rampart_no_such_db`, /^rampart: cannot use the PostgreSQL store at postgres:\/\/postgres@127\.0\.0\.1:5432\/rampart_no_such_db \(.*database "rampart_no_such_db" does not exist\)$/],
      ['mysql://127.0.0.1/x', /^rampart: --store must be a postgres:\/\/ URL, got 'mysql:\/\/127\.0\.0\.1\/x'$/],
    ];
    for (const [url, message] of cases) {
      for (const args of [['run', '--config', file], ['status'], ['kill', '--wait', '0']]) {
        const run = rampart(['--db', db, ...args, '--store', url], { cwd: dir });
        assert.equal(run.status, 2, `${args[0]} ${url}: ${run.stderr}`);
        assert.match(run.stderr.trim(), message);
        assert.doesNotMatch(run.stderr, /hunter2/);
      }
    }
    assert.equal(existsSync(db), false, 'no SQLite file was made either');
  });
});
