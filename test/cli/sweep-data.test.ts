// A sweep's identity includes the candles it ran on: --resume on changed data refuses naming the
// set, select re-runs its hold-out sweep on changed data, and a sweep killed with SIGKILL and run
// again without --resume says which unfinished sweep exists and the exact command to resume it.
// SQLite files in a temp dir, and the PostgreSQL server here for the shared store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/index.ts';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

const dir = tempDir();
const BIN = path.join(ROOT, 'bin/rampart.js');
const ROWS = readFileSync(path.join(ROOT, 'data/binance/BTCUSDT-1h.csv'), 'utf8').trim().split('\n');
const SMALL = ['sweep', '--strategy', 'sma-cross', '--symbols', 'TESTUSDT', '--timeframes', '1h', '--fast', '3..9:3', '--slow', 'fast+5..30:5', '--workers', '1'];

/** Imports bundled BTCUSDT 1h rows [from, to) as the store-only symbol TESTUSDT. */
function importRows(db: string, from: number, to: number): void {
  const file = path.join(dir, `rows-${from}-${to}.csv`);
  writeFileSync(file, [ROWS[0], ...ROWS.slice(1 + from, 1 + to)].join('\n') + '\n');
  const run = rampart(['data', 'import', file, '--symbol', 'TESTUSDT', '--timeframe', '1h', '--db', db]);
  assert.equal(run.status, 0, run.stderr);
}

function json(args: readonly string[]): { sweepId: number; complete: boolean; results: unknown[] } {
  const run = rampart([...args, '--json']);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { sweepId: number; complete: boolean; results: unknown[] };
}

describe('sweep identity and the data it ran on', () => {
  test('--resume after the data changed refuses in one line naming the set; without it a new sweep runs', () => {
    const db = path.join(dir, 'changed.db');
    importRows(db, 0, 1000);
    const first = rampart([...SMALL, '--db', db]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /data: store binance TESTUSDT 1h, 1000 candles, 2024-10-01 00:00 → 2024-11-11 15:00/);
    assert.equal(json([...SMALL, '--resume', '--db', db]).sweepId, 1, 'same data: the stored sweep is reused');

    importRows(db, 1000, 1100);
    const refused = rampart([...SMALL, '--resume', '--db', db]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /\nrampart: cannot resume sweep #1: the data changed since: binance TESTUSDT 1h changed \(store 1000 candles 2024-10-01 00:00 → 2024-11-11 15:00 then, store 1100 candles 2024-10-01 00:00 → 2024-11-15 19:00 now\); run without --resume to sweep the current data\n$/);
    assert.equal(json([...SMALL, '--db', db]).sweepId, 2);
  });

  test('select re-runs its hold-out sweep when the data changed, and reuses it when not', () => {
    const db = path.join(dir, 'select.db');
    importRows(db, 0, 1500);
    assert.equal(json([...SMALL, '--db', db]).sweepId, 1);
    const select = (): string => {
      const run = rampart(['select', '--sweep', '1', '--min-trades', '0', '--force', '--workers', '1', '--out', path.join(dir, 'deploy.yml'), '--db', db]);
      assert.equal(run.status, 0, run.stderr);
      return /hold-out after \(sweep #(\d+)\)/.exec(run.stdout)![1]!;
    };
    assert.equal(select(), '2');
    assert.equal(select(), '2', 'same data: the hold-out sweep is reused');
    importRows(db, 1500, 1600);
    assert.equal(select(), '3', 'changed data: the hold-out sweep runs again');
  });

  test('a sweep killed with SIGKILL and run again without --resume names the unfinished one and the command that resumes it', async () => {
    const db = path.join(dir, 'killed.db');
    const args = ['sweep', '--config', 'examples/sweep.yml', '--workers', '2', '--db', db];
    await runUntil(args, (stderr) => {
      const match = /sweep: (\d+)\/(\d+)/.exec(stderr.slice(-200));
      return match !== null && Number(match[1]) >= 600;
    });
    const store = openStore(db);
    const stored = (await store.sweeps.doneScenarios(1)).size;
    store.close();
    assert.ok(stored > 0 && stored < 2700, `partial: ${stored}`);

    const again = await runUntil(args, (stderr) => /is unfinished/.test(stderr));
    const message = /sweep #1 of these settings and data is unfinished \((\d+)\/2700 scenarios stored\); this run starts anew — to continue #1 instead: (npx rampart .*)\n/.exec(again);
    assert.ok(message !== null, again);
    assert.equal(Number(message[1]), stored);
    assert.equal(message[2], `npx rampart sweep --config examples/sweep.yml --workers 2 --db ${db} --resume`);

    // The printed command continues sweep #1 (the furthest), not the run just started beside it.
    const resumed = json([...message[2].split(' ').slice(2)]);
    assert.deepEqual([resumed.sweepId, resumed.complete, resumed.results.length], [1, true, 2700]);
  });
});

/** Runs rampart until `done(stderr)` holds, then kills it with SIGKILL; resolves with its stderr. */
function runUntil(args: readonly string[], done: (stderr: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no sign in 120 s: ${stderr.slice(-300)}`))), 120_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (done(stderr)) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (clearTimeout(timer), signal === 'SIGKILL' ? resolve(stderr) : reject(new Error(`ended before the kill: ${stderr.slice(-300)}`))));
  });
}

const ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `rampart_data_test_${process.pid}`;
const URL = `postgres://postgres@127.0.0.1:5432/${DATABASE}`;

async function sql(connectionString: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe('sweep identity in PostgreSQL', () => {
  before(async () => {
    await sql(ADMIN, `CREATE DATABASE ${DATABASE}`);
    // A database made before the data was part of a sweep's identity: the store adds the columns.
    await sql(URL, `CREATE TABLE rampart_sweeps (id BIGSERIAL PRIMARY KEY, spec_hash TEXT NOT NULL, spec JSONB NOT NULL, total INTEGER NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL, finished_at BIGINT)`);
  });
  after(() => sql(ADMIN, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));

  test('an existing database gains the identity columns, and --resume on changed data refuses there too', () => {
    const db = path.join(dir, 'pg.db');
    importRows(db, 0, 800);
    const first = json([...SMALL, '--store', URL, '--db', db]);
    assert.equal(first.complete, true);
    assert.equal(json([...SMALL, '--store', URL, '--resume', '--db', db]).sweepId, first.sweepId);
    importRows(db, 800, 900);
    const refused = rampart([...SMALL, '--store', URL, '--resume', '--db', db]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, new RegExp(`rampart: cannot resume sweep #${first.sweepId}: the data changed since: binance TESTUSDT 1h changed \\(store 800 candles .* then, store 900 candles .* now\\)`));
  });
});
