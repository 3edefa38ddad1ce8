// A position keeps its protection across a restart: a testnet fleet (`rampart run`, a child
// process) on the simulator (in this process, stepped by hand, so its market, orders and balances
// outlive the fleet) enters with a stop-loss, is stopped (SIGKILL, or Ctrl-C), and started again;
// the market then falls through the stop, and the restarted fleet closes the position with the
// stop-loss the first run placed, re-armed from the journal by start-up recovery.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import type { Trade } from '../../src/core/index.ts';
import type { RecoveryReport } from '../../src/live/recovery.ts';
import { formatDec } from '../../src/simulator/index.ts';
import { ROOT } from '../fixtures/cli.ts';
import { flatThenFalling, steppedFleet } from '../fixtures/stepped-fleet.ts';

/** The replay starts here; the candles before it are the history the instance warms up on. */
const START = 100;
/** Flat at 100 until this candle, then down 2% a candle. */
const DROP = 110;

const STRATEGY = { strategy: path.join(ROOT, 'test/fixtures/strategies/enter-with-stop.ts'), params: { above: 99, stop: 3 }, sizing: 'quote', sizingValue: 80, warmupCandles: 30 };

for (const signal of ['SIGKILL', 'SIGINT'] as const) {
  test(`a position entered with a stop is closed by that stop after a restart (stopped with ${signal})`, { timeout: 120_000 }, async (t) => {
    const fleet = await steppedFleet(t, flatThenFalling(160, DROP, 1000), START, STRATEGY);
    const { entries, until, candle } = fleet;

    // First run: it enters on its first live candle and places its stop-loss 3% under the entry.
    fleet.spawn();
    await until('start', 1);
    for (let i = 0; i < 3; i++) await candle();
    // The entry's fill comes back from the venue after the candle's balance entry: wait for it.
    await until('fill', 1);
    const [entryFill] = entries('fill');
    assert.equal((entryFill?.data as { role: string }).role, 'entry', 'the first run entered');
    const stopsPlaced = () => entries('order').filter((entry) => (entry.data as { event: string; role?: string }).event === 'submitted' && (entry.data as { role?: string }).role === 'stop-loss');
    // The stop is submitted in the same call as the fill is heard, journaled just after it.
    for (let i = 0; i < 100 && stopsPlaced().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const stops = stopsPlaced();
    assert.equal(stops.length, 1, 'the entry placed its stop-loss');
    const level = (stops[0]!.data as { price: number }).price;
    assert.ok(level > 96 && level < 98, `the stop sits 3% under the entry (${level})`);
    const exited = once(fleet.child, 'exit');
    fleet.child.kill(signal);
    await exited;

    // Second run: recovery rebuilds the position and re-arms the same stop before the first live candle.
    fleet.spawn();
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
    const held = fleet.sim.engine.account.get('BTC');
    assert.ok(Number(formatDec(held.free + held.locked)) < 1e-4, 'the exchange holds no BTC beyond dust');
  });
}
