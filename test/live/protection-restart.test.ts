// A position keeps its protection across a restart: a testnet fleet (`rampart run`, a child
// process) on the simulator (in this process, stepped by hand, so its market, orders and balances
// outlive the fleet) enters with a stop-loss, is stopped (SIGKILL, or Ctrl-C), and started again;
// the market then falls through the stop, and the restarted fleet closes the position with the
// stop-loss the first run placed, re-armed from the journal by start-up recovery.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import type { Trade } from '../../src/core/index.ts';
import type { RecoveryReport } from '../../src/live/recovery.ts';
import { formatDec, Simulator } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import type { JournalEntry } from '../../src/store/index.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
/** The replay starts here; the candles before it are the history the instance warms up on. */
const START = 100;
/** Flat at 100 until this candle, then down 2% a candle. */
const DROP = 110;

/** Hourly BTCUSDT candles: flat at 100 (range 99.5–100.5), then falling 2% a candle from DROP on. */
function writeCandles(dir: string): void {
  const lines = ['timestamp,open,high,low,close,volume'];
  let close = 100;
  for (let i = 0; i < 160; i++) {
    if (i < DROP) lines.push(`${T0 + i * HOUR},100,100.5,99.5,100,1000`);
    else {
      const open = close;
      close = Number((open * 0.98).toFixed(2));
      lines.push(`${T0 + i * HOUR},${open},${(open + 0.1).toFixed(2)},${(close - 0.1).toFixed(2)},${close},1000`);
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'BTCUSDT-1h.csv'), `${lines.join('\n')}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

for (const signal of ['SIGKILL', 'SIGINT'] as const) {
  test(`a position entered with a stop is closed by that stop after a restart (stopped with ${signal})`, { timeout: 120_000 }, async (t) => {
    const dir = tempDir('rampart-protect-');
    const db = path.join(dir, 'fleet.db');
    writeCandles(path.join(dir, 'data'));
    const sim = await Simulator.start({ dataDir: path.join(dir, 'data'), symbols: ['BTCUSDT'], timeframe: '1h', startIndex: START, speed: 0, balances: { USDT: 10_000 }, limits: { weightPerMinute: 1_000_000, ordersPer10s: 1_000_000 } });
    let child: ChildProcess | undefined;
    t.after(async () => {
      if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await sim.close();
    });
    const file = path.join(dir, 'fleet.yml');
    const strategy = path.join(ROOT, 'test/fixtures/strategies/enter-with-stop.ts');
    writeFileSync(
      file,
      stringify({
        simulator: { url: sim.restUrl, absenceGraceMs: 500 },
        instances: [{ name: 'guarded', mode: 'testnet', symbol: 'BTCUSDT', timeframe: '1h', strategy, params: { above: 99, stop: 3 }, sizing: 'quote', sizingValue: 80, warmupCandles: 30 }],
      }),
    );
    const entries = (kind: JournalEntry['kind']): JournalEntry[] => {
      const store = openStore(db);
      try {
        return store.journal.list({ instances: ['guarded'], kinds: [kind] });
      } finally {
        store.close();
      }
    };
    const spawnFleet = (): ChildProcess => spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', db, 'run', '--config', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    /** Waits (bounded) until the journal holds `count` entries of `kind`. */
    const until = async (kind: JournalEntry['kind'], count: number): Promise<void> => {
      for (let i = 0; i < 600; i++) {
        if (entries(kind).length >= count) return;
        if (child!.exitCode !== null) assert.fail(`the fleet exited (${child!.exitCode}) before its ${count}th ${kind} entry`);
        await sleep(50);
      }
      assert.fail(`no ${count}th ${kind} entry within 30 s`);
    };
    /** One more closed candle at the simulator, handled by the fleet. */
    const candle = async (): Promise<void> => {
      const seen = entries('balance').length;
      sim.step(4);
      await until('balance', seen + 1);
    };

    // First run: it enters on its first live candle and places its stop-loss 3% under the entry.
    child = spawnFleet();
    await until('start', 1);
    for (let i = 0; i < 3; i++) await candle();
    const [entryFill] = entries('fill');
    assert.equal((entryFill?.data as { role: string }).role, 'entry', 'the first run entered');
    const stops = entries('order').filter((entry) => (entry.data as { event: string; role?: string }).event === 'submitted' && (entry.data as { role?: string }).role === 'stop-loss');
    assert.equal(stops.length, 1, 'the entry placed its stop-loss');
    const level = (stops[0]!.data as { price: number }).price;
    assert.ok(level > 96 && level < 98, `the stop sits 3% under the entry (${level})`);
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;

    // Second run: recovery rebuilds the position and re-arms the same stop before the first live candle.
    child = spawnFleet();
    await until('start', 2);
    const recovery = entries('recovery').at(-1)!.data as RecoveryReport;
    assert.equal(recovery.state, 'active', recovery.reason);
    assert.ok(recovery.position > 0, 'the position was rebuilt from the fills on record');
    assert.deepEqual(recovery.protection, { kind: 'levels', stopLoss: level, takeProfit: null }, 'recovery found the stop on record');
    const start = entries('start').at(-1)!;
    const rearmed = entries('order').filter((entry) => entry.id > start.id && (entry.data as { event: string }).event === 'submitted');
    assert.deepEqual(rearmed.map((entry) => [(entry.data as { role: string }).role, (entry.data as { price: number }).price]), [['stop-loss', level]], 'the stop is placed again in the new run');

    // The market falls through the stop (candle DROP + 1 reaches it); the restored stop closes the position.
    for (let i = 0; entries('trade').length === 0; i++) {
      assert.ok(i < 20, 'the position was not closed while the price fell through its stop');
      await candle();
    }
    const trades = entries('trade').map((entry) => entry.data as Trade);
    assert.equal(trades.length, 1);
    assert.equal(trades[0]!.exitReason, 'stop-loss');
    assert.ok(trades[0]!.exitPrice < level && trades[0]!.exitPrice > level * 0.95, `closed at the market after the stop was touched (${trades[0]!.exitPrice})`);
    const balance = entries('balance').at(-1)!.data as { position: number };
    assert.equal(balance.position, 0, 'the position is flat');
    const held = sim.engine.account.get('BTC');
    assert.ok(Number(formatDec(held.free + held.locked)) < 1e-4, 'the exchange holds no BTC beyond dust');
  });
}
