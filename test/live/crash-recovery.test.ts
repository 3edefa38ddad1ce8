// Crash safety, proven by kill -9: a testnet fleet (`rampart run`, a child process) trades against
// the simulator (in this process, so its orders, trades and balances outlive every fleet process)
// with faults on: latency, 5xx with unknown outcome (half of those orders executed), dropped
// connections and dropped WebSockets. The fleet is killed with SIGKILL at seeded random moments,
// 30 times, and restarted each time. After every restart (once its recovery is journaled) and at
// the end: no clientOrderId is two orders at the exchange, every exchange order is in the order
// journal, recovery found the holdings equal to the exchange's balance; at the end, with the market
// still and the faults off, every order is settled, each order's fills on record are exactly the
// exchange's trades of it (none lost, none twice), and both balances equal what the fills make.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { stringify } from 'yaml';
import { seededRng } from '../../src/core/index.ts';
import type { FillEvent } from '../../src/execution/index.ts';
import type { RecoveryReport } from '../../src/live/recovery.ts';
import { formatDec, Simulator } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';

const KILLS = 30;
const START_USDT = 10_000;
const FAULTS = { latencyMs: 5, unknownStatusRate: 0.05, dropRate: 0.03, wsDisconnectRate: 0.001, seed: 14 };

interface SimOrderView {
  readonly orderId: number;
  readonly clientOrderId: string;
}

const dir = tempDir('rampart-crash-');
const db = path.join(dir, 'fleet.db');
let simulator: Simulator | undefined;
let child: ChildProcess | undefined;

after(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await simulator?.close();
});

// The last lines a fleet wrote on stderr, for the note on a start that failed under the faults.
const stderrs = new WeakMap<ChildProcess, string>();

function spawnFleet(file: string): ChildProcess {
  const process_ = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', db, 'run', '--config', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  stderrs.set(process_, '');
  process_.stderr!.on('data', (chunk: Buffer) => stderrs.set(process_, (stderrs.get(process_)! + chunk.toString()).slice(-2_000)));
  return process_;
}

function stderrOf(process_: ChildProcess): string {
  return (stderrs.get(process_) ?? '').trim().split('\n').slice(-3).join(' | ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The recovery entries journaled so far, oldest first. */
function recoveries(): RecoveryReport[] {
  const store = openStore(db);
  try {
    return store.journal.list({ instances: ['chaos'], kinds: ['recovery'] }).map((entry) => entry.data as RecoveryReport);
  } finally {
    store.close();
  }
}

/**
 * Waits (bounded) until the fleet journals its `count`-th recovery; false when the process ended
 * first (a start that failed under the faults: it is started again).
 */
async function recovered(process_: ChildProcess, count: number): Promise<boolean> {
  for (let i = 0; i < 1_200; i++) {
    if (recoveries().length >= count) return true;
    if (process_.exitCode !== null || process_.signalCode !== null) return false;
    await sleep(50);
  }
  throw new Error(`no recovery entry within 60 s (have ${recoveries().length}, want ${count})`);
}

async function killed(process_: ChildProcess): Promise<void> {
  if (process_.exitCode !== null || process_.signalCode !== null) return;
  const exited = once(process_, 'exit');
  process_.kill('SIGKILL');
  await exited;
}

/** Every order the exchange holds, with its clientOrderId. */
function exchangeOrders(sim: Simulator): SimOrderView[] {
  return (sim.engine.snapshot()['orders'] as SimOrderView[]).map(({ orderId, clientOrderId }) => ({ orderId, clientOrderId }));
}

/** Checked after every restart: one exchange order per clientOrderId, each in the order journal, and recovery reconciled. */
function checkAfterRestart(sim: Simulator, life: number): void {
  const orders = exchangeOrders(sim);
  const ids = orders.map((order) => order.clientOrderId);
  assert.equal(new Set(ids).size, ids.length, `life ${life}: a clientOrderId was sent twice as two exchange orders`);
  const store = openStore(db);
  try {
    for (const id of ids) assert.ok(store.orders.get(id) !== undefined, `life ${life}: exchange order ${id} is not in the journal`);
  } finally {
    store.close();
  }
  const report = recoveries().at(-1)!;
  assert.equal(report.state, 'active', `life ${life}: recovery halted: ${report.reason}`);
  assert.ok(Math.abs(report.holdings.atExchange - report.holdings.baseline - report.holdings.onRecord) < 1e-9, `life ${life}: holdings on record equal the exchange's`);
}

test(`a testnet fleet killed with SIGKILL ${KILLS} times loses no fill, counts none twice and sends no order twice`, { timeout: 180_000 }, async (t) => {
  const rng = seededRng(14);
  simulator = await Simulator.start({ symbols: ['BTCUSDT'], timeframe: '1h', speed: 72_000, faults: FAULTS, balances: { USDT: START_USDT } });
  const sim = simulator;
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(
    file,
    stringify({
      simulator: { url: sim.restUrl, absenceGraceMs: 500 },
      instances: [{ name: 'chaos', mode: 'testnet', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'sma-cross', params: { fast: 1, slow: 2 }, sizing: 'quote', sizingValue: 80, warmupCandles: 30 }],
    }),
  );
  let kills = 0;
  let lives = 0;
  while (kills < KILLS) {
    lives++;
    assert.ok(lives <= KILLS * 3, 'too many starts failed under the faults');
    child = spawnFleet(file);
    if (!(await recovered(child, recoveries().length + 1))) {
      t.diagnostic(`life ${lives}: the fleet ended before its recovery (started again): ${stderrOf(child)}`);
      await killed(child);
      continue;
    }
    checkAfterRestart(sim, lives);
    // A random moment of the life: its first orders in flight, or well into it.
    await sleep(100 + Math.floor(rng.next() * 900));
    await killed(child);
    kills++;
  }
  // The end: the market still and the faults off, one more start settles what the last kill left.
  sim.stop();
  sim.faults.update({ latencyMs: 0, unknownStatusRate: 0, dropRate: 0, wsDisconnectRate: 0 });
  child = spawnFleet(file);
  assert.ok(await recovered(child, recoveries().length + 1), 'the last start recovered');
  checkAfterRestart(sim, lives + 1);
  await killed(child);

  const store = openStore(db);
  try {
    const journal = store.orders.all('chaos');
    assert.ok(journal.some((order) => order.fills !== '[]'), 'the fleet traded');
    assert.deepEqual(journal.filter((order) => !['filled', 'canceled', 'rejected', 'expired'].includes(order.status)).map((order) => order.clientOrderId), [], 'every order settled');
    const byId = new Map(journal.map((order) => [order.clientOrderId, order]));
    let btc = 0;
    let usdt = START_USDT;
    for (const order of exchangeOrders(sim)) {
      const record = byId.get(order.clientOrderId)!;
      const fills = JSON.parse(record.fills) as FillEvent[];
      const own = sim.engine.myTrades('BTCUSDT', { orderId: order.orderId, limit: 1_000 });
      assert.deepEqual(fills.map((fill) => fill.tradeId).sort(), own.map((trade) => `${order.orderId}:${trade.id}`).sort(), `${order.clientOrderId}: its fills on record are the exchange's trades, each once`);
      assert.equal(fills.reduce((sum, fill) => sum + fill.amount, 0).toFixed(8), own.reduce((sum, trade) => sum + Number(formatDec(trade.qty)), 0).toFixed(8), `${order.clientOrderId}: filled quantity`);
      for (const fill of fills) {
        const sign = record.side === 'buy' ? 1 : -1;
        btc += sign * fill.amount - (fill.feeCurrency === 'BTC' ? fill.fee : 0);
        usdt -= sign * fill.amount * fill.price + (fill.feeCurrency === 'USDT' ? fill.fee : 0);
      }
    }
    const balance = (asset: string): number => {
      const held = sim.engine.account.get(asset);
      return Number(formatDec(held.free + held.locked));
    };
    assert.ok(Math.abs(balance('BTC') - btc) < 1e-8, `BTC at the exchange ${balance('BTC')} equals the fills' ${btc}`);
    assert.ok(Math.abs(balance('USDT') - usdt) < 1e-6, `USDT at the exchange ${balance('USDT')} equals the fills' ${usdt}`);
    const last = recoveries().at(-1)!;
    assert.ok(Math.abs(last.holdings.onRecord - btc) < 1e-9, 'the last recovery rebuilt the holdings the exchange has');
  } finally {
    store.close();
  }
});
