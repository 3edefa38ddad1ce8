// The user data stream client against the simulator's WS API over loopback: the subscription is
// acknowledged before start resolves, executionReports arrive as order updates (state and trade),
// a dropped connection is replaced and said so, and a refused signature stops it. The subscription
// is stamped with the REST adapter's venue clock: a local clock seconds off still subscribes, and a
// -1021 refusal is answered by measuring again and subscribing once more.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AuthenticationError, NetworkError, systemClock } from '../../src/core/index.ts';
import type { Clock } from '../../src/core/index.ts';
import { BinanceUserStream } from '../../src/exchange/index.ts';
import type { OrderUpdate, SigningClock, UserStreamEvent } from '../../src/exchange/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator } from '../../src/simulator/index.ts';
import { CLIENTS, exchangeOn } from './fixtures.ts';

let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ balances: { USDT: 100_000, BTC: 1 }, symbols: ['BTCUSDT'] });
});

after(async () => {
  await sim.close();
});

/** A stream on the simulator recording what it hears; `until` waits (bounded) for a condition on it. */
function recorder(secret = LOCAL_API_SECRET, clock?: Clock | SigningClock) {
  const updates: OrderUpdate[] = [];
  const events: UserStreamEvent[] = [];
  const stream = new BinanceUserStream({ url: `${sim.wsUrl}/ws-api/v3`, credentials: { apiKey: LOCAL_API_KEY, secret }, onUpdate: (u) => updates.push(u), onEvent: (e) => events.push(e), firstRetryMs: 20, ...(clock === undefined ? {} : { clock }) });
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

/** Our clock, `offsetMs` off the host's. */
function offsetClock(offsetMs: number): Clock {
  return { now: () => systemClock.now() + offsetMs };
}

test('signed with our clock 7 s slow, the subscription is refused for its timestamp; it is a lost connection, not a bad key', async () => {
  const { stream, events, until } = recorder(LOCAL_API_SECRET, offsetClock(-7_000));
  try {
    await assert.rejects(stream.start(), (error: unknown) => error instanceof NetworkError && !(error instanceof AuthenticationError) && /recvWindow.*-1021/.test(error.message));
    await until('a second attempt', () => events.filter((e) => e.type === 'disconnected').length >= 2);
    assert.equal(stream.live, false);
  } finally {
    stream.close();
  }
});

for (const client of CLIENTS) {
  test(`through ${client}: with our clock 7 s slow, the subscription on the adapter's venue clock is acknowledged`, async () => {
    const exchange = await exchangeOn(sim, client, 2_000, undefined, offsetClock(-7_000));
    const { stream, events } = recorder(LOCAL_API_SECRET, exchange.signingClock);
    try {
      await stream.start();
      assert.deepEqual(events, [{ type: 'subscribed', afterDrop: false }]);
      assert.ok(Math.abs(exchange.clockOffsetMs - (sim.serverTime() - (Date.now() - 7_000))) < 1_000, `the stream measured the venue clock first: offset ${exchange.clockOffsetMs} ms`);
    } finally {
      stream.close();
      await exchange.close();
    }
  });

  test(`through ${client}: refused with -1021 after the venue's clock moved, the subscription is sent again once measured again`, async () => {
    const exchange = await exchangeOn(sim, client);
    const { stream, events } = recorder(LOCAL_API_SECRET, exchange.signingClock);
    try {
      await exchange.fetchBalance();
      const before = exchange.clockOffsetMs;
      // The venue's clock falls 2 s behind: the offset measured before stamps the subscription 2 s ahead of it.
      sim.faults.update({ clockSkewMs: -2_000 });
      await stream.start();
      assert.deepEqual(events, [{ type: 'subscribed', afterDrop: false }], 'acknowledged on the same connection, no drop');
      assert.ok(Math.abs(exchange.clockOffsetMs - (before - 2_000)) < 1_000, `offset measured again: ${exchange.clockOffsetMs} ms, was ${before} ms`);
    } finally {
      sim.faults.update({ clockSkewMs: 0 });
      stream.close();
      await exchange.close();
    }
  });
}

test('refused for its timestamp again after measuring, the subscription is dropped and retried later, not refused for good', async () => {
  let measured = 0;
  const stuck: SigningClock = { now: () => systemClock.now() - 7_000, ready: async () => undefined, measure: async () => void measured++ };
  const { stream, events, until } = recorder(LOCAL_API_SECRET, stuck);
  try {
    await assert.rejects(stream.start(), (error: unknown) => error instanceof NetworkError && /-1021/.test(error.message));
    assert.equal(measured, 1, 'measured again once before giving the attempt up');
    await until('a second attempt', () => measured >= 2);
    assert.ok(events.every((e) => e.type === 'disconnected'));
  } finally {
    stream.close();
  }
});
