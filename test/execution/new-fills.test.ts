// Which of the venue's fills are new: trades by id, or the change in cumulative quantity when the
// venue lists no trades, and never the same quantity twice when the two kinds of reply mix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exactSum } from '../../src/core/index.ts';
import type { VenueOrder } from '../../src/exchange/index.ts';
import { OrderLifecycle } from '../../src/execution/index.ts';
import { newFills } from '../../src/execution/order-manager.ts';

const venue = (filled: number, average: number, fills: VenueOrder['fills']): VenueOrder => ({
  id: '7', clientOrderId: 'bot-1', symbol: 'BTC/USDT', side: 'buy', kind: 'limit', status: filled >= 1 ? 'closed' : 'open',
  price: 100, amount: 1, filled, average, timestamp: 0, fills,
});
const trade = (id: string, amount: number, price: number) => ({ tradeId: id, price, amount, fee: amount / 1000, feeCurrency: 'BTC' });

describe('new fills from a venue reply', () => {
  test('without trades: one fill for the change in cumulative quantity, at the price that makes the average right', () => {
    const life = OrderLifecycle.restore(1, 'partially_filled', '7', [{ tradeId: '7:cum:0.4', price: 100, amount: 0.4, fee: 0, feeCurrency: '', time: 1 }]);
    const [fill, ...rest] = newFills(life, venue(0.5, 102, []), 2);
    assert.equal(rest.length, 0);
    assert.equal(fill!.tradeId, '7:cum:0.5');
    assert.ok(Math.abs(fill!.amount - 0.1) < 1e-12);
    assert.ok(Math.abs(fill!.price - 110) < 1e-9); // (0.5 × 102 − 0.4 × 100) / 0.1
    assert.deepEqual(newFills(life, venue(0.4, 100, []), 3), [], 'nothing new');
  });

  test('with trades: only trades not yet applied', () => {
    const life = OrderLifecycle.restore(1, 'partially_filled', '7', [{ tradeId: '7:t1', price: 100, amount: 0.5, fee: 0.0005, feeCurrency: 'BTC', time: 1 }]);
    const fresh = newFills(life, venue(1, 101, [trade('t1', 0.5, 100), trade('t2', 0.5, 102)]), 2);
    assert.deepEqual(fresh.map((f) => [f.tradeId, f.amount, f.fee]), [['7:t2', 0.5, 0.0005]]);
  });

  test('trades after a cumulative fill never count the same quantity twice', () => {
    const life = OrderLifecycle.restore(1, 'partially_filled', '7', [{ tradeId: '7:cum:0.5', price: 100, amount: 0.5, fee: 0, feeCurrency: '', time: 1 }]);
    const fresh = newFills(life, venue(1, 101, [trade('t1', 0.5, 100), trade('t2', 0.5, 102)]), 2);
    assert.equal(fresh.reduce((s, f) => s + f.amount, 0), 0.5, 'only the half not yet on record');
    assert.deepEqual(newFills(life, venue(0.5, 100, [trade('t1', 0.5, 100)]), 3), [], 'the cumulative fill already holds t1');
  });

  test('trades that fall short of the executed quantity leave the rest as one cumulative fill, marked as such', () => {
    const fresh = newFills(new OrderLifecycle(1), venue(1, 101, [trade('t1', 0.3, 100), trade('t2', 0.3, 100)]), 2);
    assert.deepEqual(fresh.map((f) => [f.tradeId, f.amount, f.cumulative]), [['7:t1', 0.3, undefined], ['7:t2', 0.3, undefined], ['7:cum:1', 0.4, true]]);
    assert.ok(Math.abs(fresh[2]!.price - 102.5) < 1e-9, 'the price that makes the average right: (101 − 60) / 0.4');
    assert.equal(exactSum(fresh.map((f) => f.amount)), 1);
  });

  test('a thousand trades add up to the executed quantity exactly, with no cumulative dust', () => {
    const trades = Array.from({ length: 1000 }, (_, i) => trade(`t${i}`, 0.001, 100));
    const fresh = newFills(new OrderLifecycle(1), venue(1, 100, trades), 2);
    assert.equal(fresh.length, 1000);
    assert.ok(fresh.every((f) => f.cumulative === undefined));
    assert.equal(exactSum(fresh.map((f) => f.amount)), 1);
  });
});
