// The Exchange port's contract, run against the simulator through two independent clients: ccxt,
// and Binance's official connector. What passes here is the venue's behaviour, not one client's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BadSymbol, DuplicateClientOrderId, ExchangeUnavailable, InsufficientFunds, InvalidOrder, OrderNotFound } from '../../src/core/index.ts';
import type { Exchange } from '../../src/exchange/index.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { CLIENTS, simulatedVenue } from './fixtures.ts';

for (const client of CLIENTS) {
  describe(`Exchange port contract (simulator through ${client})`, () => {
    let sim: Simulator;
    let exchange: Exchange;

    before(async () => {
      ({ sim, exchange } = await simulatedVenue({}, undefined, 2_000, client));
    });

    after(async () => {
      await exchange.close();
      await sim.close();
    });

    test('markets come with their trading rules', async () => {
      const markets = await exchange.loadMarkets();
      const btc = markets.find((m) => m.symbol === 'BTC/USDT');
      assert.deepEqual(btc, { symbol: 'BTC/USDT', id: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.01, lotStep: 0.00001, minQty: 0.00001, minNotional: 5 });
    });

    test('candles and balances', async () => {
      const candles = await exchange.fetchCandles('BTC/USDT', '1h', undefined, 5);
      assert.equal(candles.length, 5);
      assert.ok(candles.every((c) => c.length === 6 && c[2] >= c[3] && c[0] % 3_600_000 === 0));
      const balance = await exchange.fetchBalance();
      assert.deepEqual(balance['BTC'], { free: 1, used: 0, total: 1 });
    });

    test('an order is created, found by clientOrderId, listed as open, and cancelled by clientOrderId', async () => {
      const created = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000.00', clientOrderId: 'contract-1' });
      assert.equal(created.status, 'open');
      assert.equal(created.clientOrderId, 'contract-1');
      assert.equal(created.price, 20_000);
      const found = await exchange.findOrder('BTC/USDT', 'contract-1');
      assert.equal(found?.id, created.id);
      assert.equal(found?.symbol, 'BTC/USDT');
      assert.deepEqual((await exchange.fetchOpenOrders('BTC/USDT')).map((o) => o.clientOrderId), ['contract-1']);
      assert.equal((await exchange.fetchBalance())['USDT']!.used, 20);
      const canceled = await exchange.cancelOrder('BTC/USDT', 'contract-1');
      assert.equal(canceled.status, 'canceled');
      assert.equal(canceled.clientOrderId, 'contract-1');
      assert.equal(await exchange.findOrder('BTC/USDT', 'never-sent'), undefined);
    });

    test('a market order reports its fills with fees', async () => {
      const order = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.01', clientOrderId: 'contract-mkt' });
      assert.equal(order.status, 'closed');
      assert.equal(order.filled, 0.01);
      assert.equal(order.fills.length, 1);
      assert.equal(order.fills[0]!.feeCurrency, 'BTC');
      assert.ok(order.fills[0]!.fee > 0);
      assert.ok(order.average > 0);
    });

    test('a filled order is found with its trades and fees, which the lookup reply itself lacks', async () => {
      const [last] = (await exchange.fetchCandles('BTC/USDT', '1h', undefined, 1)).map((c) => c[4]);
      const limit = Math.round(last! * 80) / 100; // 20% below the market: marketable, fills at once
      const created = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'sell', kind: 'limit', amount: '0.002', price: limit.toFixed(2), clientOrderId: 'contract-taker' });
      assert.equal(created.status, 'closed');
      const found = await exchange.findOrder('BTC/USDT', 'contract-taker');
      assert.equal(found?.status, 'closed');
      assert.equal(found.filled, 0.002);
      assert.deepEqual(found.fills, created.fills);
      assert.equal(found.fills.reduce((s, f) => s + f.amount, 0).toFixed(8), '0.00200000');
      assert.ok(found.fills.every((f) => f.feeCurrency === 'USDT' && f.fee > 0 && f.price >= limit));
    });

    test("the venue's refusals arrive as our typed errors, naming the venue and its reason", async () => {
      await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '1', price: '50000', clientOrderId: 'too-big' }), (e: Error) => e instanceof InsufficientFunds && e.message === 'simulator: Account has insufficient balance for requested action.');
      await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.00001', price: '20000', clientOrderId: 'too-small' }), (e: Error) => e instanceof InvalidOrder && e.message === 'simulator: Filter failure: NOTIONAL');
      await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'twice' });
      await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'twice' }), (e: Error) => e instanceof DuplicateClientOrderId && e.message === 'simulator: Duplicate order sent.');
      await assert.rejects(exchange.cancelOrder('BTC/USDT', 'nobody'), OrderNotFound);
      await assert.rejects(exchange.fetchCandles('NOPE/USDT', '1h'), BadSymbol);
    });

    test('a 5xx and a dropped connection are ExchangeUnavailable: outcome unknown', async () => {
      sim.faults.update({ unknownStatusRate: 1 });
      await assert.rejects(exchange.fetchBalance(), ExchangeUnavailable);
      sim.faults.update({ unknownStatusRate: 0, dropRate: 1 });
      await assert.rejects(exchange.fetchBalance(), ExchangeUnavailable);
      sim.faults.update({ dropRate: 0 });
      assert.equal((await exchange.fetchBalance())['BTC']!.total > 0, true);
    });
  });
}
