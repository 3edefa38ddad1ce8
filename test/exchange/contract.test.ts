// The Exchange port's contract, run against the simulator through ccxt: what every adapter must do.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuplicateClientOrderId, ExchangeUnavailable, InsufficientFunds, InvalidOrder, OrderNotFound } from '../../src/core/index.ts';
import type { CcxtExchange } from '../../src/exchange/index.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { simulatedVenue } from './fixtures.ts';

let sim: Simulator;
let exchange: CcxtExchange;

before(async () => {
  ({ sim, exchange } = await simulatedVenue());
});

after(async () => {
  await exchange.close();
  await sim.close();
});

describe('Exchange port contract (simulator through ccxt)', () => {
  test('markets come with their trading rules', async () => {
    const markets = await exchange.loadMarkets();
    const btc = markets.find((m) => m.symbol === 'BTC/USDT');
    assert.deepEqual(btc, { symbol: 'BTC/USDT', id: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.01, lotStep: 0.00001, minQty: 0.00001, minNotional: 5 });
  });

  test('candles and balances', async () => {
    const candles = await exchange.fetchCandles('BTC/USDT', '1h', undefined, 5);
    assert.equal(candles.length, 5);
    assert.ok(candles.every((c) => c.length === 6 && c[2] >= c[3]));
    const balance = await exchange.fetchBalance();
    assert.deepEqual(balance['BTC'], { free: 1, used: 0, total: 1 });
  });

  test('an order is created, found by clientOrderId, listed as open, and cancelled by clientOrderId', async () => {
    const created = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000.00', clientOrderId: 'contract-1' });
    assert.equal(created.status, 'open');
    assert.equal(created.clientOrderId, 'contract-1');
    const found = await exchange.findOrder('BTC/USDT', 'contract-1');
    assert.equal(found?.id, created.id);
    assert.deepEqual((await exchange.fetchOpenOrders('BTC/USDT')).map((o) => o.clientOrderId), ['contract-1']);
    const canceled = await exchange.cancelOrder('BTC/USDT', 'contract-1');
    assert.equal(canceled.status, 'canceled');
    assert.equal(await exchange.findOrder('BTC/USDT', 'never-sent'), undefined);
  });

  test('a market order reports its fills with fees', async () => {
    const order = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.01', clientOrderId: 'contract-mkt' });
    assert.equal(order.status, 'closed');
    assert.equal(order.filled, 0.01);
    assert.equal(order.fills.length, 1);
    assert.equal(order.fills[0]!.feeCurrency, 'BTC');
    assert.ok(order.average > 0);
  });

  test("the venue's refusals arrive as our typed errors, naming the venue and its reason", async () => {
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '1', price: '50000', clientOrderId: 'too-big' }), (e: Error) => e instanceof InsufficientFunds && e.message === 'simulator: Account has insufficient balance for requested action.');
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.00001', price: '20000', clientOrderId: 'too-small' }), (e: Error) => e instanceof InvalidOrder && /Filter failure: NOTIONAL/.test(e.message));
    await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'twice' });
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'twice' }), DuplicateClientOrderId);
    await assert.rejects(exchange.cancelOrder('BTC/USDT', 'nobody'), OrderNotFound);
  });

  test('a 5xx and a dropped connection are ExchangeUnavailable: outcome unknown', async () => {
    sim.faults.update({ unknownStatusRate: 1 });
    await assert.rejects(exchange.fetchBalance(), ExchangeUnavailable);
    sim.faults.update({ unknownStatusRate: 0, dropRate: 1 });
    await assert.rejects(exchange.fetchBalance(), ExchangeUnavailable);
    sim.faults.update({ dropRate: 0 });
  });
});
