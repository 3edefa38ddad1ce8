// `rampart kill` of a running paper or shadow fleet cancels the orders resting on the instance's
// own venue, as an exchange instance's kill cancels its open orders: a paper (or shadow) fleet on
// a simulator in this process, stepped by hand. The strategy rests one limit buy at 99 under a
// flat market at 100; the kill comes while it rests, and the next candle dips to 98, through it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { ROOT } from '../fixtures/cli.ts';
import { HOUR, steppedFleet, T0 } from '../fixtures/stepped-fleet.ts';
import type { CandleRow, SteppedFleet } from '../fixtures/stepped-fleet.ts';

/** The replay starts here; the candles before it are the history the instance warms up on. */
const START = 100;
/** Flat at 100 (low 99.5), but the candle after the first live one dips to 98: a buy resting at 99 fills on it. */
const ROWS: CandleRow[] = Array.from({ length: 140 }, (_, i) => (i === START + 1 ? [100, 100.5, 98, 100, 1000] : [100, 100.5, 99.5, 100, 1000]));
const STRATEGY = { strategy: path.join(ROOT, 'test/fixtures/strategies/rest-limit-buy.ts'), params: { below: 1, from: T0 + START * HOUR }, sizing: 'quote', sizingValue: 80, warmupCandles: 30 };

interface OrderEvent {
  readonly event: string;
  readonly orderId?: number;
  readonly role?: string;
  readonly price?: number;
}

function orderEvents(fleet: SteppedFleet): OrderEvent[] {
  return fleet.entries('order').map((entry) => entry.data as OrderEvent);
}

/**
 * `rampart kill` as the operator types it, as a child process the test waits for without blocking
 * its own event loop (the simulator runs in it). Returns its stdout.
 */
async function kill(db: string): Promise<string> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', db, 'kill', '--reason', 'stop the paper bot', '--wait', '30'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, stderr);
  return stdout;
}

/** Starts a fleet of one instance in `mode` and hands it candles until its limit buy at 99 rests; returns the fleet and the buy's order id. */
async function withRestingBuy(t: TestContext, mode: 'paper' | 'shadow'): Promise<{ fleet: SteppedFleet; orderId: number }> {
  const fleet = await steppedFleet(t, ROWS, START, { ...STRATEGY, mode });
  fleet.spawn();
  await fleet.until('start', 1);
  // The candle before the replay's first may close as live too: step (bounded) until the buy is sent.
  for (let i = 0; i < 3 && !orderEvents(fleet).some((o) => o.event === 'submitted'); i++) await fleet.candle();
  const submitted = orderEvents(fleet).filter((o) => o.event === 'submitted');
  assert.equal(submitted.length, 1, 'the limit buy was sent');
  assert.deepEqual([submitted[0]!.role, submitted[0]!.price], ['entry', 99]);
  return { fleet, orderId: submitted[0]!.orderId! };
}

test('a kill of a running paper fleet cancels its resting limit buy: the candle through its price fills nothing', { timeout: 120_000 }, async (t) => {
  const { fleet, orderId } = await withRestingBuy(t, 'paper');
  const stdout = await kill(fleet.db);
  assert.match(stdout, new RegExp(`^kill of the fleet: cancelled 1 simulated order \\(bot simulated order ${orderId}\\)$`, 'm'));
  assert.ok(
    orderEvents(fleet).some((o) => o.event === 'canceled' && o.orderId === orderId),
    'the cancel is journaled',
  );

  const candles = fleet.entries('candle').length;
  await fleet.candle(); // low 98: the buy at 99 would have filled here
  assert.ok(fleet.entries('candle').length > candles, 'the dip was handled');
  assert.deepEqual(fleet.entries('fill'), [], 'nothing filled while the instance is halted');
  const balance = fleet.entries('balance').at(-1)!.data as { position: number; riskState: string };
  assert.deepEqual([balance.position, balance.riskState], [0, 'halted']);
  assert.equal(orderEvents(fleet).filter((o) => o.event === 'submitted').length, 1, 'no order was sent since');
  fleet.child.kill('SIGINT');
  await once(fleet.child, 'exit');
});

test('a kill of a running shadow fleet drops the order it holds', { timeout: 120_000 }, async (t) => {
  const { fleet, orderId } = await withRestingBuy(t, 'shadow');
  const stdout = await kill(fleet.db);
  assert.match(stdout, new RegExp(`^kill of the fleet: cancelled 1 simulated order \\(bot simulated order ${orderId}\\)$`, 'm'));
  assert.ok(
    orderEvents(fleet).some((o) => o.event === 'canceled' && o.orderId === orderId),
    'the drop is journaled',
  );
  fleet.child.kill('SIGINT');
  await once(fleet.child, 'exit');
});
