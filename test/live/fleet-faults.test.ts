// Faults at a fleet's start and during its run (issue 14, "Bad input and faults"): each start-up
// refusal is one line naming the fleet file, the line and the field, exit 2; a venue that does not
// answer is asked again with backoff, each attempt logged, then refused naming it and its URL with
// nothing sent; a store that stops taking writes mid-run stops the fleet, and no order reaches the
// exchange after the write that failed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { readFleetFile } from '../../src/config/index.ts';
import { ConfigError, StoreFailure, systemClock } from '../../src/core/index.ts';
import { createLog, Fleet } from '../../src/live/index.ts';
import { Simulator } from '../../src/simulator/index.ts';
import { JournalStore, openStore } from '../../src/store/index.ts';
import { SqliteSession } from '../../src/store/sqlite-session.ts';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

const NO_KEYS = { acknowledged: false, openKeys: () => ({ get: () => assert.fail('no key is read') }) };

/** Writes `text` (YAML, so the test names the lines) as a fleet file in a new folder. */
function fleetFile(text: string): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, text);
  return { dir, file };
}

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `rampart run` of the file: expects exit 2 and one line on stderr; returns it. */
function refused(file: string, dir: string, ...flags: string[]): string {
  const run = rampart(['--db', path.join(dir, 'x.db'), 'run', '--config', file, '--log-dir', path.join(dir, 'logs'), ...flags], { cwd: dir });
  assert.equal(run.status, 2, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  return lines[0]!;
}

describe('start-up refusals name the fleet file, the line and the field', () => {
  test('a canary instance without the acknowledgement, then without a key', () => {
    const { dir, file } = fleetFile(['instances:', '  - name: c', '    mode: canary', '    venue: binance', '    cash: 500', '    symbol: BTCUSDT', '    timeframe: 1h', ''].join('\n'));
    assert.match(refused(file, dir), /^rampart: .*fleet\.yml, line 3, field 'instances\.0\.mode': instance 'c' \(mode canary\) trades real money: refused without --i-understand-live-trading/);
    // Acknowledged, but 'key' is not written: the line of the instance's entry.
    assert.match(refused(file, dir, '--i-understand-live-trading'), /^rampart: .*fleet\.yml, line 2, field 'instances\.0\.key': instance 'c' \(mode canary\) trades real money: refused without a key/);
  });

  test('a bad simulator setting, and an unknown symbol on the simulator the fleet starts', () => {
    const start = fleetFile(['simulator:', '  speed: 1000', "  start: 'soon'", 'instances:', '  - name: p', '    symbol: BTCUSDT', '    timeframe: 1h', ''].join('\n'));
    assert.match(refused(start.file, start.dir), /fleet\.yml, line 3, field 'simulator\.start': 'soon' is not an ISO-8601 date/);
    const symbol = fleetFile(['instances:', '  - name: p', '    symbol: BTCUSDT', '    timeframe: 1h', '  - name: q', '    symbol: FOOUSDT', '    timeframe: 1h', ''].join('\n'));
    assert.match(refused(symbol.file, symbol.dir), /fleet\.yml, line 6, field 'instances\.1\.symbol': unknown symbol 'FOOUSDT': the simulator replays bundled 1h candles of .*BTCUSDT/);
  });

  test('an unknown symbol on a simulator of its own process (simulator.url) is refused before anything is sent', async () => {
    const sim = await Simulator.start({ symbols: ['BTCUSDT'], timeframe: '1h' });
    const dir = tempDir();
    const file = path.join(dir, 'fleet.yml');
    writeFileSync(file, ['simulator:', `  url: ${sim.restUrl}`, 'instances:', '  - name: p', '    symbol: BTCUSDT', '    timeframe: 1h', '  - name: q', '    mode: testnet', '    symbol: DOGEUSDT', '    timeframe: 1h', ''].join('\n'));
    const store = openStore(path.join(dir, 'x.db'));
    try {
      await assert.rejects(Fleet.start({ config: readFleetFile(file), file, store, clock: systemClock, access: NO_KEYS }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /fleet\.yml, line 9, field 'instances\.1\.symbol': unknown symbol 'DOGEUSDT': simulator at http:\/\/127\.0\.0\.1:\d+ does not list it/);
        return true;
      });
      assert.equal(store.journal.list().length, 0);
      assert.equal((sim.engine.snapshot()['orders'] as unknown[]).length, 0);
    } finally {
      store.close();
      await sim.close();
    }
  });
});

test('a venue down at start: each attempt logged with its backoff, then exit 2 naming the venue and URL, nothing journaled', async () => {
  const port = await closedPort();
  const { dir, file } = fleetFile(['simulator:', `  url: http://127.0.0.1:${port}`, 'startRetry:', '  attempts: 4', '  firstDelayMs: 5', '  maxDelayMs: 10', 'instances:', '  - name: p', '    mode: testnet', '    symbol: BTCUSDT', '    timeframe: 1h', ''].join('\n'));
  const line = refused(file, dir);
  assert.match(line, new RegExp(`^rampart: .*fleet\\.yml, line 2, field 'simulator\\.url': simulator at http://127\\.0\\.0\\.1:${port} did not answer after 4 attempts over 0\\.0 s \\(ECONNREFUSED\\); nothing was sent`));
  const log = readFileSync(path.join(dir, 'logs', 'fleet.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: string; attempt?: number; retryInMs?: number; url?: string });
  assert.deepEqual(log.filter((record) => record.level === 'warn').map((record) => [record.attempt, record.retryInMs]), [[1, 5], [2, 10], [3, 10]]);
  const journal = rampart(['--db', path.join(dir, 'x.db'), 'journal', '--json'], { cwd: dir });
  assert.deepEqual(JSON.parse(journal.stdout), []);
});

test('a store that stops taking writes mid-run stops the fleet; no order reaches the exchange after the failed write', { timeout: 120_000 }, async () => {
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], timeframe: '1h', balances: { USDT: 10_000 } });
  const dir = tempDir();
  const db = path.join(dir, 'fleet.db');
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ simulator: { url: sim.restUrl }, instances: [{ name: 'busy', mode: 'testnet', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'sma-cross', params: { fast: 1, slow: 2 }, sizing: 'quote', sizingValue: 80, warmupCandles: 30 }] }));
  const store = openStore(db);
  // The journal on its own connection, so the test can cap its size: SQLite then refuses a write
  // that needs a page past the cap with SQLITE_FULL, as on a full disk.
  const journalDb = new Database(db);
  const logFile = path.join(dir, 'fleet.log');
  const log = createLog({ file: logFile, terminal: false });
  let candles = 0;
  let ordersAtFailure: number | undefined;
  let fleet: Fleet | undefined;
  try {
    const journal = new JournalStore(new SqliteSession(journalDb));
    const append = journal.append.bind(journal);
    journal.append = (entry) => {
      try {
        return append(entry);
      } catch (error) {
        // What the exchange holds when the first write fails: nothing may be added after it.
        ordersAtFailure ??= (sim.engine.snapshot()['orders'] as unknown[]).length;
        throw error;
      }
    };
    fleet = await Fleet.start({
      config: readFleetFile(file),
      file,
      store: { path: db, journal, orders: store.orders, kills: store.kills },
      clock: systemClock,
      access: NO_KEYS,
      log,
      killPollMs: 50,
      onUpdate: () => {
        // Trading for a while (orders at the exchange), then the store is full.
        if (++candles === 40) journalDb.pragma('max_page_count = 1');
      },
    });
    sim.run(36_000);
    const failures = await fleet.finished();
    assert.equal(failures.length, 1);
    const failure = failures[0]!.error;
    assert.ok(failure instanceof StoreFailure, String(failure));
    assert.match(failure.message, new RegExp(`^store ${db.replace(/[.\\/]/g, '\\$&')}: a write to the journal failed \\(SQLITE_FULL: database or disk is full\\); trading stopped`));
    await fleet.stop();
    assert.ok(ordersAtFailure !== undefined && ordersAtFailure > 0, 'the instance traded before the store failed');
    assert.equal((sim.engine.snapshot()['orders'] as unknown[]).length, ordersAtFailure, 'no order reached the exchange after the failed write');
    // Every order at the exchange was in the order journal before it was sent.
    for (const order of sim.engine.snapshot()['orders'] as { clientOrderId: string }[]) assert.ok(store.orders.get(order.clientOrderId) !== undefined, order.clientOrderId);
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string });
    assert.ok(lines.some((l) => l.level === 'error' && l.msg === failure.message), 'the log says why, in one line');
    assert.equal(fleet.status()[0]!.state, 'failed');
  } finally {
    await fleet?.stop();
    log.close();
    journalDb.close();
    store.close();
    await sim.close();
  }
});

test('rampart run on a store whose files may grow no more (a quota, a full disk): exit 1, one line naming the store and the code', { timeout: 120_000 }, async (t) => {
  if (spawnSync('prlimit', ['--version']).status !== 0) {
    t.skip('prlimit (util-linux) is not installed');
    return;
  }
  const dir = tempDir();
  const db = path.join(dir, 'x.db');
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ simulator: { speed: 36_000 }, instances: [{ name: 'busy', mode: 'testnet', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'sma-cross', params: { fast: 1, slow: 2 }, sizing: 'quote', sizingValue: 80 }] }));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', db, 'run', '--config', file, '--log-dir', path.join(dir, 'logs')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  try {
    for (let i = 0; i < 600 && !stdout.includes('Ctrl-C stops'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(stdout, /Ctrl-C stops/, stderr);
    const reader = new Database(db, { readonly: true });
    try {
      for (let i = 0; i < 600 && (reader.prepare("SELECT count(*) AS n FROM journal WHERE kind = 'candle'").get() as { n: number }).n < 10; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      reader.close();
    }
    // No file of the process may grow past the largest the store has now: its next write that
    // extends one fails (EFBIG; Node ignores SIGXFSZ), as on a full disk.
    const limit = Math.max(statSync(db).size, statSync(`${db}-wal`).size);
    assert.equal(spawnSync('prlimit', ['--pid', String(child.pid), `--fsize=${limit}:${limit}`]).status, 0);
    const [code] = await exited;
    assert.equal(code, 1, stderr);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, new RegExp(`^rampart: store ${db.replace(/[.\\/]/g, '\\$&')}: a write to the (journal|order journal|kill switch) failed \\((SQLITE_IOERR_WRITE|SQLITE_FULL): [^)]*\\); trading stopped, nothing sent after it$`));
    // What was written before the failure is all there and readable.
    const journal = JSON.parse(rampart(['--db', db, 'journal', '--json', '--limit', '100000'], { cwd: dir }).stdout) as { kind: string }[];
    assert.ok(journal.filter((entry) => entry.kind === 'candle').length >= 10);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
});
