// One market clock: server time, order and trade times, user-data and kline events and kline
// times all come from the replayed market, so "a kline is closed when its close time is before the
// server time" holds, over real HTTP and WebSocket. Clients' timestamps are taken on that clock
// or on the host's.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator, sign } from '../../src/simulator/index.ts';
import { signedCall } from './signed.ts';

let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ balances: { USDT: 100_000, BTC: 1 }, symbols: ['BTCUSDT'] });
});

after(async () => {
  await sim.close();
});

async function serverTime(): Promise<number> {
  return ((await (await fetch(`${sim.restUrl}/api/v3/time`)).json()) as { serverTime: number }).serverTime;
}

async function klines(): Promise<{ openTime: number; closeTime: number }[]> {
  const rows = (await (await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=3`)).json()) as number[][];
  return rows.map((r) => ({ openTime: r[0]!, closeTime: r[6]! }));
}

test('server time is the market time: closed klines end before it, the forming one after it', async () => {
  const start = await serverTime();
  assert.equal(start, sim.feeds.get('BTCUSDT')!.time, 'the replay position');
  assert.ok(Math.abs(start - Date.now()) > 86_400_000, 'not the host clock: the bundled data is history');
  assert.ok((await klines()).every((k) => k.closeTime < start), 'nothing replayed into the next candle yet: every kline shown is closed');
  sim.step(1);
  const now = await serverTime();
  assert.equal(now - start, 15 * 60_000, 'a step is a quarter of a 1h candle');
  const rows = await klines();
  const forming = rows[rows.length - 1]!;
  assert.ok(forming.openTime <= now && now <= forming.closeTime, 'the forming kline holds the server time');
  assert.ok(rows.slice(0, -1).every((k) => k.closeTime < now));
  sim.step(3);
  const later = await serverTime();
  assert.ok(forming.closeTime < later, 'after its last tick, the kline is closed on the server clock too');
  assert.equal((await klines()).at(-1)!.closeTime, forming.closeTime);
});

test('orders, trades and user-data and kline events are stamped on the market clock', async () => {
  const { listenKey } = (await (await fetch(`${sim.restUrl}/api/v3/userDataStream`, { method: 'POST', headers: { 'X-MBX-APIKEY': LOCAL_API_KEY } })).json()) as { listenKey: string };
  const user = new WebSocket(`${sim.wsUrl}/ws/${listenKey}`);
  const market = new WebSocket(`${sim.wsUrl}/ws/btcusdt@kline_1h`);
  try {
    await Promise.all([once(user, 'open'), once(market, 'open')]);
    const report = new Promise<Record<string, unknown>>((resolve) => user.on('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>)));
    const now = await serverTime();
    const placed = await signedCall<{ transactTime: number; orderId: number }>(sim, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00100' });
    assert.equal(placed.body.transactTime, now);
    const trades = (await signedCall<{ time: number }[]>(sim, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: String(placed.body.orderId) })).body;
    assert.ok(trades.length > 0 && trades.every((t) => t.time === now));
    const event = await report;
    assert.deepEqual([event['E'], event['T']], [now, now]);
    const kline = new Promise<{ E: number; k: { t: number; T: number; x: boolean } }>((resolve) =>
      market.on('message', (d) => {
        const e = JSON.parse(d.toString()) as { E: number; k: { t: number; T: number; x: boolean } };
        if (e.k.x) resolve(e);
      }),
    );
    sim.step(4);
    const closed = await kline;
    assert.equal(closed.E, await serverTime());
    assert.ok(closed.k.T < closed.E, 'a closed kline ends before its event time');
  } finally {
    user.terminate();
    market.terminate();
  }
});

test("a client's timestamp is taken on the market clock or the host's, and refused off both", async () => {
  const account = async (timestamp: number): Promise<{ status: number; code?: number }> => {
    const query = `timestamp=${timestamp}`;
    const res = await fetch(`${sim.restUrl}/api/v3/account?${query}&signature=${sign(LOCAL_API_SECRET, query)}`, { headers: { 'X-MBX-APIKEY': LOCAL_API_KEY } });
    return { status: res.status, ...(res.status === 200 ? {} : { code: ((await res.json()) as { code: number }).code }) };
  };
  assert.equal((await account(await serverTime())).status, 200, 'synced to server time');
  assert.equal((await account(Date.now())).status, 200, 'signed with its own clock');
  assert.deepEqual(await account((await serverTime()) - 3_600_000), { status: 400, code: -1021 });
});
