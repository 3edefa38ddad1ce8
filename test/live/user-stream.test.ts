// An exchange instance hears its orders over the account's user data stream, and a clean stop
// cancels or keeps its resting orders as the fleet file says. A testnet fleet (`rampart run`, a
// child process) on a simulator in this process, stepped by hand one tick at a time: a limit buy
// rests under the market, and the market comes down to it inside a candle. Between two candles the
// fleet queries nothing, so a fill journaled there came from the stream, or, after the stream was
// dropped, from the reconciliation its return brings.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import type { FillEvent } from '../../src/execution/index.ts';
import type { RecoveryReport } from '../../src/live/recovery.ts';
import type { ShutdownReport } from '../../src/live/shutdown.ts';
import { openStore } from '../../src/store/index.ts';
import { ROOT } from '../fixtures/cli.ts';
import { HOUR, steppedFleet, T0 } from '../fixtures/stepped-fleet.ts';
import type { CandleRow, SteppedFleet } from '../fixtures/stepped-fleet.ts';

/** The replay starts here; the candles before it are the history the instance warms up on. */
const START = 100;
/** Flat at 100 (low 99.5), but the candle after the first live one dips to 98: its second tick is the low. */
const ROWS: CandleRow[] = Array.from({ length: 140 }, (_, i) => (i === START + 1 ? [100, 100.5, 98, 100, 1000] : [100, 100.5, 99.5, 100, 1000]));
const STRATEGY = { strategy: path.join(ROOT, 'test/fixtures/strategies/rest-limit-buy.ts'), params: { below: 1, from: T0 + START * HOUR }, sizing: 'quote', sizingValue: 80, warmupCandles: 30 };

/** Starts the fleet and hands it its first live candle, on which the limit buy at 99 is sent; returns its clientOrderId once it rests at the venue. */
async function withRestingBuy(t: TestContext, fleetSettings: Record<string, unknown> = {}): Promise<{ fleet: SteppedFleet; clientOrderId: string }> {
  const fleet = await steppedFleet(t, ROWS, START, STRATEGY, {}, fleetSettings);
  fleet.spawn();
  await fleet.until('start', 1);
  await fleet.until('user-stream', 1);
  assert.deepEqual(fleet.entries('user-stream')[0]!.data, { type: 'subscribed', afterDrop: false }, 'the stream is subscribed at start');
  const recovery = fleet.entries('recovery')[0]!;
  assert.ok(fleet.entries('user-stream')[0]!.id < recovery.id, 'the stream is subscribed before recovery reads the exchange');
  await fleet.candle();
  // The candle before the replay's first may close as live too: wait (bounded) for the candle the buy comes on.
  for (let i = 0; i < 100 && fleet.sim.engine.openOrders('BTCUSDT').length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  const open = fleet.sim.engine.openOrders('BTCUSDT');
  assert.equal(open.length, 1, 'the limit buy rests at the venue');
  assert.equal(Number(open[0]!.price) / 1e8, 99);
  return { fleet, clientOrderId: open[0]!.clientOrderId };
}

/** Steps the market one tick at a time (at most `ticks`) until the fleet has journaled a fill; false if none came. */
async function tickUntilFill(fleet: SteppedFleet, ticks: number): Promise<boolean> {
  for (let i = 0; i < ticks; i++) {
    fleet.sim.step(1);
    for (let wait = 0; wait < 20; wait++) {
      if (fleet.entries('fill').length > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return fleet.entries('fill').length > 0;
}

/** Every order's fills on record are the venue's trades of it, each once; the journal has one fill entry per trade. */
function assertFillsOnce(fleet: SteppedFleet): void {
  const store = openStore(fleet.db);
  try {
    let trades = 0;
    for (const order of store.orders.all('bot')) {
      const fills = JSON.parse(order.fills) as FillEvent[];
      const venue = order.venueId === null ? [] : fleet.sim.engine.myTrades('BTCUSDT', { orderId: Number(order.venueId) });
      assert.deepEqual(fills.map((f) => f.tradeId).sort(), venue.map((trade) => `${order.venueId}:${trade.id}`).sort(), `order ${order.clientOrderId}: its fills are the venue's trades, once`);
      trades += venue.length;
    }
    assert.ok(trades > 0);
    assert.equal(fleet.entries('fill').length, trades, 'one journaled fill per trade');
  } finally {
    store.close();
  }
}

test('a resting limit order’s fill is heard from the stream and journaled before the next candle', { timeout: 120_000 }, async (t) => {
  const { fleet } = await withRestingBuy(t);
  const candles = fleet.entries('candle').length;
  assert.equal(fleet.entries('fill').length, 0);
  assert.ok(await tickUntilFill(fleet, 3), 'the fill came from the stream within the candle');
  assert.equal(fleet.entries('candle').length, candles, 'no candle was handled between the fill and its journal entry');
  assert.equal((fleet.entries('fill')[0]!.data as { role: string }).role, 'entry');
  // The next candle reconciles by query too: the trade is still counted once.
  fleet.sim.step(2);
  await fleet.candle();
  assertFillsOnce(fleet);
  const exited = once(fleet.child, 'exit');
  fleet.child.kill('SIGINT');
  assert.equal((await exited)[0], 0);
});

test('a dropped user stream is replaced, and a fill made while it was down is found by the reconciliation', { timeout: 120_000 }, async (t) => {
  const { fleet } = await withRestingBuy(t);
  const candles = fleet.entries('candle').length;
  // Every connection drops and, in the same turn, the market reaches the buy: nobody hears its report.
  fleet.sim.dropWebSockets();
  fleet.sim.step(2);
  for (let i = 0; i < 100 && fleet.entries('fill').length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(fleet.entries('fill').length, 1, 'the fill was found once the stream was back');
  assert.equal(fleet.entries('candle').length, candles, 'before the next candle');
  const events = fleet.entries('user-stream').map((entry) => entry.data as { type: string; afterDrop?: boolean });
  assert.ok(events.some((e) => e.type === 'disconnected'), 'the drop is journaled');
  assert.ok(events.some((e) => e.type === 'subscribed' && e.afterDrop === true), 'so is the return');
  await fleet.candle();
  assertFillsOnce(fleet);
  const exited = once(fleet.child, 'exit');
  fleet.child.kill('SIGINT');
  assert.equal((await exited)[0], 0);
});

test('a stop with cancel-orders (the default) leaves no order resting at the exchange, and journals it', { timeout: 120_000 }, async (t) => {
  const { fleet, clientOrderId } = await withRestingBuy(t);
  const exited = once(fleet.child, 'exit');
  fleet.child.kill('SIGTERM');
  assert.equal((await exited)[0], 0);
  assert.deepEqual(fleet.sim.engine.openOrders('BTCUSDT'), [], 'nothing rests at the venue');
  const [shutdown] = fleet.entries('shutdown').map((entry) => entry.data as ShutdownReport);
  assert.deepEqual(shutdown, { onStop: 'cancel-orders', canceled: [clientOrderId], unconfirmed: [], kept: [] });
});

test('a stop with keep-orders leaves the order resting; the next start adopts and cancels it as recovery does', { timeout: 120_000 }, async (t) => {
  const { fleet, clientOrderId } = await withRestingBuy(t, { onStop: 'keep-orders' });
  const exited = once(fleet.child, 'exit');
  fleet.child.kill('SIGINT');
  assert.equal((await exited)[0], 0);
  assert.deepEqual(fleet.sim.engine.openOrders('BTCUSDT').map((order) => order.clientOrderId), [clientOrderId], 'the order still rests');
  const [shutdown] = fleet.entries('shutdown').map((entry) => entry.data as ShutdownReport);
  assert.deepEqual(shutdown, { onStop: 'keep-orders', canceled: [], unconfirmed: [], kept: [clientOrderId] });

  fleet.spawn();
  await fleet.until('start', 2);
  const recovery = fleet.entries('recovery').at(-1)!.data as RecoveryReport;
  assert.equal(recovery.state, 'active', recovery.reason);
  assert.deepEqual(recovery.canceled, [clientOrderId], 'the kept order is cancelled by the next start’s recovery');
  assert.deepEqual(fleet.sim.engine.openOrders('BTCUSDT'), []);
  // The candle the first run decided on is the venue's newest still: the second run's warm-up ends on
  // it, and its first decision is on the next candle (a second decision would be a second buy).
  await fleet.candle();
  const decided = fleet.entries('decision').map((entry) => entry.candleTime);
  assert.equal(new Set(decided).size, decided.length, `no candle is decided on twice across the restart: ${decided.join(', ')}`);
  const stopped = once(fleet.child, 'exit');
  fleet.child.kill('SIGINT');
  assert.equal((await stopped)[0], 0);
});

test('a stop asked for while the fleet is starting is carried out once it has started', { timeout: 120_000 }, async (t) => {
  const fleet = await steppedFleet(t, ROWS, START, STRATEGY);
  // The venue answers slowly for a while: recovery (several reads) is under way when the signal comes.
  fleet.sim.faults.update({ latencyMs: 500 });
  fleet.spawn();
  const exited = once(fleet.child, 'exit');
  await fleet.until('user-stream', 1);
  assert.deepEqual(fleet.entries('start'), [], 'the signal comes before the instance has started');
  fleet.child.kill('SIGINT');
  fleet.sim.faults.update({ latencyMs: 0 });
  assert.equal((await exited)[0], 0, 'the stop finished within stopTimeoutMs');
  assert.deepEqual(fleet.entries('shutdown').map((entry) => entry.data as ShutdownReport), [{ onStop: 'cancel-orders', canceled: [], unconfirmed: [], kept: [] }], 'the stop settled the orders as a stop does');
});

test('a stop that takes longer than stopTimeoutMs ends the process anyway, journaling the cancel left undone', { timeout: 120_000 }, async (t) => {
  const { fleet, clientOrderId } = await withRestingBuy(t, { stopTimeoutMs: 1_000 });
  // Every reply of the venue now comes 5 s late: the cancels cannot finish within the bound.
  fleet.sim.faults.update({ latencyMs: 5_000 });
  const exited = once(fleet.child, 'exit');
  fleet.child.kill('SIGINT');
  assert.equal((await exited)[0], 1, 'exit code 1: the stop did not finish');
  const shutdowns = fleet.entries('shutdown').map((entry) => entry.data as ShutdownReport);
  assert.deepEqual(shutdowns, [{ onStop: 'cancel-orders', canceled: [], unconfirmed: [clientOrderId], kept: [], undone: ["instance 'bot': cancelling its resting orders"] }], 'one entry: the cancel left undone, the order perhaps still resting');
});
