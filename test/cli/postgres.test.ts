// Sweep results in the real PostgreSQL server here, shared by two "machines" (two separate
// SQLite files): one is killed mid-sweep, the other resumes it, and the results match a local run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';
import { adminQuery } from '../fixtures/pg.ts';

const DATABASE = `rampart_test_${process.pid}`;
const URL = `postgres://postgres@127.0.0.1:5432/${DATABASE}`;
const dir = tempDir();
const SWEEP = ['sweep', '--config', 'examples/sweep.yml', '--workers', '2'];

function killMidway(db: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), ...SWEEP, '--store', URL, '--db', db], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error('no progress in 60 s'))), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      const match = /sweep: (\d+)\/(\d+)/.exec(chunk.toString());
      if (match !== null && Number(match[1]) >= 1200) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (clearTimeout(timer), signal === 'SIGKILL' ? resolve() : reject(new Error('finished before the kill'))));
  });
}

describe('sweep results in PostgreSQL', () => {
  before(() => adminQuery(`CREATE DATABASE ${DATABASE}`));
  after(() => adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));

  test('a sweep killed on one machine is resumed on another and matches the local results', async () => {
    await killMidway(path.join(dir, 'machine-a.db'));
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    const partial = Number((await client.query('SELECT count(*) AS n FROM rampart_sweep_results')).rows[0].n);
    await client.end();
    // Progress runs ahead of the batched PostgreSQL writes, so a kill at 1,200 done leaves fewer stored.
    assert.ok(partial > 0 && partial < 2700, `partial results: ${partial}`);

    const resumed = rampart([...SWEEP, '--store', URL, '--resume', '--json', '--db', path.join(dir, 'machine-b.db')]);
    assert.equal(resumed.status, 0, resumed.stderr);
    const shared = JSON.parse(resumed.stdout) as { sweepId: number; complete: boolean; results: unknown[] };
    assert.equal(shared.complete, true);
    assert.equal(shared.results.length, 2700);
    const local = rampart([...SWEEP, '--json', '--db', path.join(dir, 'local.db')]);
    assert.deepEqual(shared.results, (JSON.parse(local.stdout) as { results: unknown[] }).results);

    const select = rampart(['select', '--sweep', String(shared.sweepId), '--store', URL, '--force', '--out', path.join(dir, 'deploy.yml'), '--db', path.join(dir, 'machine-c.db')]);
    assert.equal(select.status, 0, select.stderr);
    assert.match(select.stdout, /hold-out after/);
  });

  test('an unreachable PostgreSQL is one line and exit code 2, with the password hidden', () => {
    const run = rampart(['sweep', '--symbols', 'BTCUSDT', '--timeframes', '1d', '--fast', '3..5', '--store', 'postgres://user:hunter2@127.0.0.1:5999/x', '--db', path.join(dir, 'x.db')]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /cannot use PostgreSQL at postgres:\/\/user:\*\*\*@127\.0\.0\.1:5999\/x \(connect ECONNREFUSED/);
    assert.doesNotMatch(run.stderr, /hunter2/);
  });
});
