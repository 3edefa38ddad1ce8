// The simulator's paged lists (allOrders, myTrades) and its lookup-lag fault, seen from raw HTTP:
// pages as Binance documents them (default 500, at most 1,000, from an id on oldest first, else the
// most recent), the parameter combinations it refuses, and orders that exist but a lookup misses.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { LOCAL_API_KEY, LOCAL_API_SECRET, parseDec, Simulator, sign } from '../../src/simulator/index.ts';

let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ balances: { USDT: 10_000_000, BTC: 100 }, symbols: ['BTCUSDT'], makersPerLevel: 1000 });
  // 1,200 small market orders, placed in the engine directly: 1,200 orders and 1,200 trades.
  for (let i = 0; i < 1200; i++) sim.engine.place({ symbol: 'BTCUSDT', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: parseDec('0.00020')!, clientOrderId: `list-${i}` });
});

after(async () => {
  await sim.close();
});

afterEach(() => {
  sim.faults.update({ lookupLagMs: 0, lookupLagRate: 1, lookupLagAllOrders: false, lookupLagMyTrades: false });
});

async function get(path: string, params: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const query = new URLSearchParams({ ...params, timestamp: String(Date.now()) }).toString();
  const res = await fetch(`${sim.restUrl}${path}?${query}&signature=${sign(LOCAL_API_SECRET, query)}`, { headers: { 'X-MBX-APIKEY': LOCAL_API_KEY } });
  return { status: res.status, body: await res.json() };
}

const ids = (body: unknown, key: 'orderId' | 'id'): number[] => (body as Record<string, number>[]).map((row) => row[key]!);

describe('paged lists', () => {
  test('allOrders: 500 by default, at most 1,000, the most recent without orderId, oldest first from orderId on', async () => {
    const recent = ids((await get('/api/v3/allOrders', { symbol: 'BTCUSDT' })).body, 'orderId');
    assert.equal(recent.length, 500);
    assert.deepEqual([recent[0], recent.at(-1)], [701, 1200]);
    const capped = ids((await get('/api/v3/allOrders', { symbol: 'BTCUSDT', limit: '5000' })).body, 'orderId');
    assert.equal(capped.length, 1000);
    const from = ids((await get('/api/v3/allOrders', { symbol: 'BTCUSDT', orderId: '1', limit: '1000' })).body, 'orderId');
    assert.deepEqual([from.length, from[0], from.at(-1)], [1000, 1, 1000]);
    const next = ids((await get('/api/v3/allOrders', { symbol: 'BTCUSDT', orderId: '1001', limit: '1000' })).body, 'orderId');
    assert.deepEqual([next.length, next[0], next.at(-1)], [200, 1001, 1200], 'the second page holds the rest');
  });

  test('myTrades: from fromId on, oldest first; fromId with a time, or a window over 24 h, is refused', async () => {
    const from = ids((await get('/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: '1', limit: '1000' })).body, 'id');
    assert.deepEqual([from.length, from[0], from.at(-1)], [1000, 1, 1000]);
    const recent = ids((await get('/api/v3/myTrades', { symbol: 'BTCUSDT' })).body, 'id');
    assert.deepEqual([recent.length, recent.at(-1)], [500, 1200]);
    const mixed = await get('/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: '1', startTime: '0' });
    assert.deepEqual([mixed.status, (mixed.body as { code: number }).code], [400, -1128]);
    const long = await get('/api/v3/allOrders', { symbol: 'BTCUSDT', startTime: '0', endTime: String(86_400_001) });
    assert.deepEqual([long.status, (long.body as { code: number }).code], [400, -1127]);
  });

  test('with makers per level, one market order fills in one trade per maker it meets', () => {
    const { order, fills } = sim.engine.place({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: parseDec('40')!, clientOrderId: 'many-fills' });
    assert.equal(order.status, 'FILLED');
    assert.ok(fills.length > 1000, `${fills.length} trades`);
    assert.equal(fills.reduce((sum, f) => sum + f.qty, 0n), order.executedQty);
    sim.step(1);
  });
});

describe('lookup lag fault', () => {
  test('a lagging lookup answers -2013 for an order that exists; the lists show it unless they lag too', async () => {
    sim.faults.update({ lookupLagMs: 3_600_000 });
    const { order } = sim.engine.place({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: parseDec('0.00100')!, clientOrderId: 'lagging' });
    const lookup = await get('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'lagging' });
    assert.deepEqual([lookup.status, (lookup.body as { code: number }).code], [400, -2013]);
    const listed = async (): Promise<boolean> => ids((await get('/api/v3/allOrders', { symbol: 'BTCUSDT' })).body, 'orderId').includes(order.orderId);
    const traded = async (): Promise<boolean> => ids((await get('/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: String(order.orderId) })).body, 'id').length > 0;
    assert.deepEqual([await listed(), await traded()], [true, true]);
    sim.faults.update({ lookupLagAllOrders: true, lookupLagMyTrades: true });
    assert.deepEqual([await listed(), await traded()], [false, false]);
    sim.faults.update({ lookupLagMs: 0 });
    assert.equal((await get('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'lagging' })).status, 200, 'after the lag the lookup finds it');
  });

  test('the lagging share of orders is drawn per order from the seed', () => {
    sim.faults.update({ lookupLagMs: 3_600_000, lookupLagRate: 0.5, seed: 5 });
    const now = Date.UTC(2026, 0, 1);
    const lagging = Array.from({ length: 1000 }, (_, id) => sim.faults.hides(id, now, now, 'lookup')).filter(Boolean).length;
    assert.ok(lagging > 400 && lagging < 600, `${lagging} of 1,000`);
    assert.equal(sim.faults.hides(7, now, now, 'lookup'), sim.faults.hides(7, now, now + 1, 'lookup'), 'the same order lags or not on every ask');
  });
});
