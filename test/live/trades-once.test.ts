// Each closed trade is journaled once: a testnet fleet (`rampart run`, a child process) on the
// stepped simulator closes trades, is stopped and started again; start-up recovery rebuilds its
// portfolio with those trades, and the new run writes only the trades it closes itself. So
// `rampart trades --all-sessions` lists each once, and `rampart status` counts the instance's
// whole history (its portfolio rebuilt from every fill on record) without counting any twice.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import type { Trade } from '../../src/core/index.ts';
import type { InstanceStatus } from '../../src/live/index.ts';
import type { RecoveryReport } from '../../src/live/recovery.ts';
import { rampart, ROOT } from '../fixtures/cli.ts';
import { flatThenFalling, steppedFleet } from '../fixtures/stepped-fleet.ts';
import type { SteppedFleet } from '../fixtures/stepped-fleet.ts';

const STRATEGY = { strategy: path.join(ROOT, 'test/fixtures/strategies/round-trip.ts'), sizing: 'quote', sizingValue: 80, warmupCandles: 30 };

/** Steps the market (bounded) until the journal holds `count` trade entries. */
async function tradesUpTo(fleet: SteppedFleet, count: number): Promise<void> {
  for (let i = 0; fleet.entries('trade').length < count; i++) {
    assert.ok(i < 20, `fewer than ${count} trades journaled after 20 candles`);
    await fleet.candle();
  }
}

test('a restarted testnet instance journals each closed trade exactly once, and status counts its whole history', { timeout: 120_000 }, async (t) => {
  const fleet = await steppedFleet(t, flatThenFalling(160, 160, 1000), 100, STRATEGY);

  fleet.spawn();
  await fleet.until('start', 1);
  await tradesUpTo(fleet, 2);
  const firstRun = fleet.entries('trade').length;
  const exited = once(fleet.child, 'exit');
  fleet.child.kill('SIGINT');
  await exited;

  fleet.spawn();
  await fleet.until('start', 2);
  const recovery = fleet.entries('recovery').at(-1)!.data as RecoveryReport;
  assert.equal(recovery.state, 'active', recovery.reason);
  await tradesUpTo(fleet, firstRun + 2);
  const start = fleet.entries('start').at(-1)!;
  const secondRun = fleet.entries('trade').filter((entry) => entry.id > start.id).length;
  assert.ok(secondRun >= 2, 'the new run closed trades of its own');
  const exitedAgain = once(fleet.child, 'exit');
  fleet.child.kill('SIGINT');
  await exitedAgain;

  const journaled = fleet.entries('trade').map((entry) => entry.data as Trade);
  const keys = journaled.map((trade) => `${trade.entryTime}/${trade.exitTime}/${trade.qty}`);
  assert.equal(new Set(keys).size, keys.length, `a trade journaled twice: ${keys.join(', ')}`);
  assert.equal(journaled.length, firstRun + secondRun, 'the new run wrote only the trades it closed');

  const listed = rampart(['--db', fleet.db, 'trades', '--all-sessions', '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.equal((JSON.parse(listed.stdout) as unknown[]).length, journaled.length, '`trades --all-sessions` lists each trade once');
  const latest = rampart(['--db', fleet.db, 'trades', '--json']);
  assert.equal((JSON.parse(latest.stdout) as unknown[]).length, secondRun, '`trades` lists the latest run’s trades');

  const status = rampart(['--db', fleet.db, 'status', '--json']);
  assert.equal(status.status, 0, status.stderr);
  const [row] = JSON.parse(status.stdout) as InstanceStatus[];
  assert.equal(row!.trades, journaled.length, "status counts the instance's trades since its first start");
  const pnl = journaled.reduce((sum, trade) => sum + trade.pnl, 0);
  assert.ok(Math.abs(row!.pnl - pnl) < 1e-6, `status P&L (${row!.pnl}) is the sum of every trade's (${pnl}), flat at the end`);
  assert.equal(row!.position, 0, 'flat: the strategy sells what it holds');
});
