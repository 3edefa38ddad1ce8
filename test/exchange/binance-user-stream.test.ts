// The user data stream client against the simulator's WS API over loopback: the subscription is
// acknowledged before start resolves, executionReports arrive as order updates (state and trade),
// a dropped connection is replaced and said so, and a refused signature stops it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AuthenticationError } from '../../src/core/index.ts';
import { BinanceUserStream } from '../../src/exchange/index.ts';
import type { OrderUpdate, UserStreamEvent } from '../../src/exchange/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator } from '../../src/simulator/index.ts';

let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ balances: { USDT: 100_000, BTC: 1 }, symbols: ['BTCUSDT'] });
});

after(async () => {
  await sim.close();
});

/** A stream on the simulator recording what it hears; `until` waits (bounded) for a condition on it. */
function recorder(secret = LOCAL_API_SECRET) {
  const updates: OrderUpdate[] = [];
  const events: UserStreamEvent[] = [];
  const stream = new BinanceUserStream({ url: `${sim.wsUrl}/ws-api/v3`, credentials: { apiKey: LOCAL_API_KEY, secret }, onUpdate: (u) => updates.push(u), onEvent: (e) => events.push(e), firstRetryMs: 20 });
  const until = async (what: string, done: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(done(), `no ${what} within 4 s`);
  };
  return { stream, updates, events, until };
}

test('once subscribed, an order placed and filled at the venue arrives as updates with its trade', async () => {
  const { stream, updates, events, until } = recorder();
  await stream.start();
  try {
    assert.deepEqual(events, [{ type: 'subscribed', afterDrop: false }]);
    assert.ok(stream.live);
    const { fills } = sim.engine.place({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 1_000_000n, clientOrderId: 'us-1' });
    await until('filled update', () => updates.some((u) => u.status === 'closed'));
    const trades = updates.filter((u) => u.fill !== undefined);
    assert.ok(trades.length >= 1);
    const last = updates.at(-1)!;
    assert.equal(last.clientOrderId, 'us-1');
    assert.equal(last.symbol, 'BTCUSDT');
    assert.equal(last.side, 'buy');
    assert.equal(last.filled, 0.01);
    const filled = trades.reduce((sum, u) => sum + u.fill!.amount, 0);
    assert.ok(Math.abs(filled - 0.01) < 1e-12, `the trades add up to the executed quantity (${filled})`);
    assert.equal(new Set(trades.map((u) => u.fill!.tradeId)).size, trades.length, 'every trade has its own id');
    assert.deepEqual(trades.map((u) => u.fill!.tradeId).sort(), fills.map((t) => String(t.id)).sort(), 'the trade ids are the venue’s');
  } finally {
    stream.close();
  }
});

test('a dropped connection is replaced, said so, and events flow again', async () => {
  const { stream, updates, events, until } = recorder();
  await stream.start();
  try {
    sim.dropWebSockets();
    await until('resubscription', () => events.some((e) => e.type === 'subscribed' && e.afterDrop));
    assert.equal(events[1]?.type, 'disconnected');
    sim.engine.place({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: 1_000_000n, clientOrderId: 'us-2' });
    await until('update after the drop', () => updates.some((u) => u.clientOrderId === 'us-2' && u.status === 'closed'));
  } finally {
    stream.close();
  }
});

test('a subscription signed with the wrong secret is refused: start rejects and nothing retries', async () => {
  const { stream, events } = recorder('0'.repeat(64));
  await assert.rejects(stream.start(), (error: unknown) => error instanceof AuthenticationError && /refused.*Signature/.test(error.message));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(events, [], 'no reconnection after a refusal');
  assert.equal(stream.live, false);
});
