// Lists the venue serves in pages, through both clients: an order that filled in more trades than
// one page holds comes back with every trade, and the order and trade lists come back whole.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exactSum } from '../../src/core/index.ts';
import type { Exchange } from '../../src/exchange/index.ts';
import { parseDec } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { CLIENTS, simulatedVenue } from './fixtures.ts';

const HIGH_LIMITS = { weightPerMinute: 10_000_000, ordersPer10s: 10_000_000 };

for (const client of CLIENTS) {
  describe(`paged lists through ${client}`, () => {
    let sim: Simulator;
    let exchange: Exchange;
    let start: number;

    before(async () => {
      // A thousand makers per level: a 40 BTC market buy meets about 1,300 of them.
      ({ sim, exchange } = await simulatedVenue({ limits: HIGH_LIMITS, makersPerLevel: 1000, balances: { USDT: 10_000_000, BTC: 100 }, symbols: ['BTCUSDT'] }, undefined, 10_000, client));
      start = sim.serverTime();
      // 1,100 small orders and their trades, placed in the engine directly, before the big one.
      for (let i = 0; i < 1100; i++) sim.engine.place({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: parseDec('0.00020')!, clientOrderId: `small-${i}` });
      sim.step(1);
    });

    after(async () => {
      await exchange.close();
      await sim.close();
    });

    test('an order that filled in more than 1,000 trades is found with every trade, adding up to its executed quantity', async () => {
      const created = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '40', clientOrderId: 'many-fills' });
      assert.equal(created.status, 'closed');
      const venueTrades = sim.engine.myTrades('BTCUSDT', { orderId: Number(created.id), fromId: 0, limit: 100_000 });
      assert.ok(venueTrades.length > 1000, `${venueTrades.length} trades at the venue`);
      const found = (await exchange.findOrder('BTC/USDT', 'many-fills'))!;
      assert.equal(found.fills.length, venueTrades.length, 'every trade, not the first page');
      assert.equal(exactSum(found.fills.map((f) => f.amount)), 40);
      assert.deepEqual(found.fills.map((f) => Number(f.tradeId)).sort((a, b) => a - b), venueTrades.map((t) => t.id));
      const fetched = await exchange.fetchOrderTrades('BTC/USDT', created.id, found.filled);
      assert.equal(exactSum(fetched.map((f) => f.amount)), 40);
    });

    test('all orders and all trades since a time come back whole, oldest first', async () => {
      const orders = await exchange.fetchOrders('BTC/USDT', start);
      const venueOrders = sim.engine.allOrders('BTCUSDT', 0, 100_000);
      assert.ok(venueOrders.length > 1000);
      assert.deepEqual(orders.map((o) => o.clientOrderId), venueOrders.map((o) => o.clientOrderId));
      const trades = await exchange.fetchMyTrades('BTC/USDT', start);
      const venueTrades = sim.engine.myTrades('BTCUSDT', { fromId: 0, limit: 100_000 });
      // Oldest first, by time: trades in one millisecond may come in any order (ccxt sorts by time).
      assert.deepEqual(trades.map((t) => Number(t.tradeId)).sort((a, b) => a - b), venueTrades.map((t) => t.id));
      assert.deepEqual(new Set(trades.map((t) => t.side)), new Set(['buy', 'sell']));
      const byId = new Map(trades.map((t) => [Number(t.tradeId), t]));
      assert.ok(venueTrades.every((t) => byId.get(t.id)!.orderId === String(t.orderId)), 'each trade names its order');
    });
  });
}
