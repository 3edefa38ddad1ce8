// The fleet as a real process: `rampart run` against the in-process simulator, bounded by
// --exit-after-candles, leaves its journal in the store; the inspection commands print it; a
// paper instance trades exactly as `rampart backtest` does on the candles it was given; real
// money and bad fleet files are refused with one line and exit code 2; shadow sends nothing,
// testnet trades through the order manager on the simulator; Ctrl-C stops cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { timeframeMs } from '../../src/core/index.ts';
import type { Timeframe, Trade } from '../../src/core/index.ts';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

interface JournalRow {
  readonly id: number;
  readonly instance: string;
  readonly mode: string;
  readonly kind: string;
  readonly candleTime: number | null;
  readonly data: Record<string, unknown>;
}

/** Instances as a fleet file holds them; each is also written alone as an instance file for `backtest --config`. */
const INSTANCES = [
  { name: 'btc-macd', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'percent', sizingValue: 20 },
  { name: 'eth-sma', symbol: 'ETHUSDT', timeframe: '1h', strategy: 'sma-cross', params: { fast: 5, slow: 20 }, sizing: 'quote', sizingValue: 2_000, stopLossPct: 1, takeProfitPct: 2 },
  { name: 'xrp-grid', symbol: 'XRPUSDT', timeframe: '1h', strategy: 'grid', params: { levels: 6, band: 3 }, sizing: 'percent', sizingValue: 30 },
  { name: 'ada-regime', symbol: 'ADAUSDT', timeframe: '1h', strategy: 'regime-adaptive', sizing: 'all-in', fill: 'close', fee: '0.075%' },
  { name: 'btc-4h', symbol: 'BTCUSDT', timeframe: '4h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'percent', sizingValue: 50 },
] as const;

const CANDLES = 120;

function fleetFile(dir: string, body: Record<string, unknown>): string {
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify(body));
  return file;
}

function journal(db: string, ...args: string[]): JournalRow[] {
  const run = rampart(['--db', db, 'journal', '--json', '--limit', '100000', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as JournalRow[];
}

describe('rampart run', () => {
  const dir = tempDir();
  const db = path.join(dir, 'fleet.db');
  let run: ReturnType<typeof rampart>;

  before(() => {
    const file = fleetFile(dir, { simulator: { speed: 720_000, start: '2025-03-01' }, instances: INSTANCES.map((instance) => ({ ...instance, mode: 'paper' })) });
    run = rampart(['--db', db, 'run', '--config', file, '--exit-after-candles', String(CANDLES)]);
  });

  test('a bounded run exits 0 and the store holds every instance’s journal', () => {
    assert.equal(run.status, 0, run.stderr);
    const entries = journal(db);
    for (const { name } of INSTANCES) {
      const own = entries.filter((entry) => entry.instance === name);
      assert.equal(own.filter((entry) => entry.kind === 'candle').length, CANDLES, `${name}: one candle entry per live candle`);
      assert.equal(own.filter((entry) => entry.kind === 'balance').length, CANDLES, `${name}: a balance snapshot per candle`);
      assert.equal(own.filter((entry) => entry.kind === 'decision').length, CANDLES, `${name}: a decision (intent or none) per candle`);
      assert.equal(own[0]!.kind, 'start');
      assert.deepEqual(own.at(-1)!.data, { reason: `exit after ${CANDLES} candles`, candles: CANDLES });
      const candles = own.filter((entry) => entry.kind === 'candle').map((entry) => entry.candleTime!);
      const span = timeframeMs(INSTANCES.find((i) => i.name === name)!.timeframe as Timeframe);
      assert.ok(candles.every((time, i) => i === 0 || time - candles[i - 1]! === span), `${name}: candles in order, none missing`);
    }
  });

  test('an order is journaled before its fill, and a decision before its order', () => {
    const entries = journal(db, '--instance', 'btc-macd');
    const firstOrder = entries.findIndex((entry) => entry.kind === 'order');
    const firstFill = entries.findIndex((entry) => entry.kind === 'fill');
    assert.ok(firstOrder > 0 && firstFill > firstOrder, 'the strategy traded, order first');
    const decision = entries[firstOrder - 1]!;
    assert.equal(decision.kind, 'decision');
    assert.notEqual((decision.data as { intent: unknown }).intent, null);
  });

  test('status, orders and trades print the journal as text and JSON', () => {
    const status = rampart(['--db', db, 'status', '--json']);
    assert.equal(status.status, 0, status.stderr);
    const rows = JSON.parse(status.stdout) as { instance: string; state: string; candles: number; trades: number }[];
    assert.deepEqual(rows.map((row) => row.instance).sort(), INSTANCES.map((i) => i.name).sort());
    assert.ok(rows.every((row) => row.state === 'stopped' && row.candles === CANDLES));
    const text = rampart(['--db', db, 'status']);
    assert.match(text.stdout, /^instance\s+mode\s+symbol/);
    assert.match(text.stdout, /btc-macd\s+paper\s+BTCUSDT\s+1h\s+stopped/);

    const orders = JSON.parse(rampart(['--db', db, 'orders', '--instance', 'btc-macd', '--json']).stdout) as JournalRow[];
    assert.ok(orders.length > 0 && orders.every((entry) => entry.instance === 'btc-macd' && (entry.kind === 'order' || entry.kind === 'fill')));
    assert.match(rampart(['--db', db, 'orders', '--instance', 'btc-macd']).stdout, /submitted +#1 entry buy market/);

    const trades = JSON.parse(rampart(['--db', db, 'trades', '--json']).stdout) as (Trade & { instance: string })[];
    const btcTrades = rows.find((row) => row.instance === 'btc-macd')!.trades;
    assert.equal(trades.filter((trade) => trade.instance === 'btc-macd').length, btcTrades);
    assert.ok(btcTrades > 0, 'the fast MACD closed trades in the window');
    assert.match(rampart(['--db', db, 'trades', '--instance', 'btc-macd']).stdout, /btc-macd \(paper\) {2}long /);
  });

  test('journal --since keeps the entries written from then on', () => {
    const all = journal(db);
    const since = rampart(['--db', db, 'journal', '--json', '--limit', '100000', '--since', String(Date.now() + 60_000)]);
    assert.deepEqual(JSON.parse(since.stdout), []);
    assert.ok(all.length > CANDLES * INSTANCES.length * 3);
  });

  // Paper equals backtest (README): the same instance settings, backtested on the window the paper
  // instance traded (its first live candle to its last, the same 200 warm-up candles before it),
  // make the same trades: times, prices, quantities, fees. The backtest closes a position still open
  // at the end of its window (end-of-data); the paper instance simply stops holding it.
  for (const instance of INSTANCES) {
    test(`paper equals backtest: ${instance.strategy} on ${instance.symbol} ${instance.timeframe}`, () => {
      const entries = journal(db, '--instance', instance.name);
      const candles = entries.filter((entry) => entry.kind === 'candle').map((entry) => entry.candleTime!);
      const paperTrades = entries.filter((entry) => entry.kind === 'trade').map((entry) => entry.data as unknown as Trade);
      const file = path.join(dir, `${instance.name}.yml`);
      writeFileSync(file, stringify({ ...instance, mode: 'paper' }));
      const span = timeframeMs(instance.timeframe as Timeframe);
      const backtest = rampart(['--db', db, 'backtest', '--config', file, '--source', 'bundled', '--from', String(candles[0]), '--to', String(candles.at(-1)! + span), '--json']);
      assert.equal(backtest.status, 0, backtest.stderr);
      const expected = (JSON.parse(backtest.stdout) as { trades: Trade[] }).trades.filter((trade) => trade.exitReason !== 'end-of-data');
      assert.ok(paperTrades.length > 0, 'the instance closed trades in the window');
      assert.deepEqual(paperTrades, expected);
    });
  }
});

describe('rampart run refuses', () => {
  const live = { name: 'real', mode: 'live', venue: 'binance', symbol: 'BTCUSDT', timeframe: '1h' };

  test('a live instance without the acknowledgement: one line, exit 2, nothing started', () => {
    const dir = tempDir();
    const file = fleetFile(dir, { instances: [{ ...live, key: 'main' }] });
    const run = rampart(['--db', path.join(dir, 'x.db'), 'run', '--config', file]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /instance 'real' \(mode live\) trades real money: refused without --i-understand-live-trading/);
    assert.equal(run.stdout, '');
  });

  test('a canary instance acknowledged but without a key: one line, exit 2', () => {
    const dir = tempDir();
    const file = fleetFile(dir, { acknowledgeLive: true, instances: [{ ...live, mode: 'canary', cash: 500 }] });
    const run = rampart(['--db', path.join(dir, 'x.db'), 'run', '--config', file]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /refused without a key from the key store/);
    assert.match(run.stderr, /instances\.0\.key/);
  });

  test('an unknown strategy or parameter names the fleet file, the line and the field', () => {
    const dir = tempDir();
    const base = { name: 'a', symbol: 'BTCUSDT', timeframe: '1h' };
    for (const [instance, field, message] of [
      [{ ...base, strategy: 'macd-crossx' }, 'instances.0.strategy', /unknown strategy 'macd-crossx'/],
      [{ ...base, strategy: 'macd-cross', params: { fastt: 3 } }, 'instances.0.params', /unknown parameter 'fastt'/],
    ] as const) {
      const run = rampart(['--db', path.join(dir, 'x.db'), 'run', '--config', fleetFile(dir, { instances: [instance] })]);
      assert.equal(run.status, 2);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`fleet\\.yml, line \\d+, field '${field.replace(/\./g, '\\.')}'`), run.stderr);
      assert.match(run.stderr, message);
    }
  });

  test('a canary instance above the canary capital cap names the line and field', () => {
    const dir = tempDir();
    const file = fleetFile(dir, { instances: [{ ...live, mode: 'canary', cash: 5_000 }] });
    const run = rampart(['--db', path.join(dir, 'x.db'), 'run', '--config', file, '--i-understand-live-trading']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /fleet\.yml, line \d+, field 'instances\.0\.cash'.*at most 1000/);
  });

  test('a bad fleet file: file, line and field in one line, exit 2', () => {
    const dir = tempDir();
    const file = fleetFile(dir, { instances: [{ name: 'a', symbol: 'BTCUSDT', timeframe: '1h' }, { name: 'b', symbol: 'BTCUSDT', timeframe: '1h', sizing: 'percnt' }] });
    const run = rampart(['--db', path.join(dir, 'x.db'), 'run', '--config', file]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /fleet\.yml/);
    assert.match(run.stderr, /line 8/);
    assert.match(run.stderr, /instances\.1\.sizing/);
  });

  test('an unknown --instance names the instances there are', () => {
    const dir = tempDir();
    const file = fleetFile(dir, { instances: [{ name: 'a', symbol: 'BTCUSDT', timeframe: '1h' }] });
    const run = rampart(['--db', path.join(dir, 'x.db'), 'run', '--config', file, '--instance', 'zz']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no instance 'zz' in the fleet \(instances: a\)/);
  });
});

describe('rampart run in the other modes', () => {
  const dir = tempDir();
  const db = path.join(dir, 'modes.db');
  const base = { symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'quote', sizingValue: 80 }; // within the live default of 1% of equity per position
  let run: ReturnType<typeof rampart>;

  before(() => {
    const file = fleetFile(dir, { simulator: { speed: 360_000, start: '2025-05-01' }, instances: [{ ...base, name: 'watcher', mode: 'shadow' }, { ...base, name: 'tester', mode: 'testnet' }] });
    run = rampart(['--db', db, 'run', '--config', file, '--exit-after-candles', '60']);
  });

  test('shadow journals the orders it would send; nothing fills, nothing trades', () => {
    assert.equal(run.status, 0, run.stderr);
    const entries = journal(db, '--instance', 'watcher');
    const submitted = entries.filter((entry) => entry.kind === 'order' && entry.data['event'] === 'submitted');
    assert.ok(submitted.length > 1, 'signals became would-be orders');
    assert.equal(entries.filter((entry) => entry.kind === 'fill' || entry.kind === 'trade').length, 0);
    assert.ok(entries.every((entry) => entry.mode === 'shadow'));
  });

  test('testnet sends its orders to the simulator through the order manager and journals their fills', () => {
    assert.equal(run.status, 0, run.stderr);
    const entries = journal(db, '--instance', 'tester');
    const fills = entries.filter((entry) => entry.kind === 'fill');
    assert.ok(fills.length > 1, 'orders filled at the simulator');
    const status = (JSON.parse(rampart(['--db', db, 'status', '--json']).stdout) as { instance: string; trades: number }[]).find((row) => row.instance === 'tester')!;
    assert.equal(status.trades, entries.filter((entry) => entry.kind === 'trade').length);
  });
});

test('Ctrl-C stops a running fleet cleanly: exit 0, a stop entry per instance', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'sigint.db');
  const file = fleetFile(dir, { simulator: { speed: 36_000 }, instances: [{ name: 'a', symbol: 'BTCUSDT', timeframe: '1h' }, { name: 'b', symbol: 'ETHUSDT', timeframe: '1h' }] });
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', db, 'run', '--config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = once(child, 'exit');
  // Bounded wait for the fleet to be trading, then Ctrl-C.
  for (let i = 0; i < 600 && !stdout.includes('Ctrl-C stops'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(stdout, /Ctrl-C stops/);
  child.kill('SIGINT');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0);
  const stops = journal(db).filter((entry) => entry.kind === 'stop');
  assert.deepEqual(stops.map((entry) => `${entry.instance} ${String(entry.data['reason'])}`).sort(), ['a stopped', 'b stopped']);
});

test('a fleet run again on the same journal: trades and orders show the latest run; --all-sessions shows both', () => {
  const dir = tempDir();
  const db = path.join(dir, 'again.db');
  const file = fleetFile(dir, { simulator: { speed: 720_000, start: '2025-03-01' }, instances: [{ ...INSTANCES[0], mode: 'paper' }] });
  for (let i = 0; i < 2; i++) assert.equal(rampart(['--db', db, 'run', '--config', file, '--exit-after-candles', '80']).status, 0);
  const trades = (...args: string[]) => JSON.parse(rampart(['--db', db, 'trades', '--json', ...args]).stdout) as Trade[];
  const latest = trades();
  assert.ok(latest.length > 0, 'the run traded');
  assert.deepEqual(trades('--all-sessions'), [...latest, ...latest], 'the second run replayed the same market: the same trades again');
  const status = JSON.parse(rampart(['--db', db, 'status', '--json']).stdout) as { trades: number }[];
  assert.equal(status[0]!.trades, latest.length);
});
