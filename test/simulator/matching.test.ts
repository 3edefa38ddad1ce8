// The simulator's matching rules, driven directly: partial fills against the replayed volume,
// time-in-force, post-only, stops, fees, and balance invariants under random order flow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { parseDec, Simulator } from '../../src/simulator/index.ts';
import type { NewOrder } from '../../src/simulator/matching-engine.ts';

const d = (text: string): bigint => parseDec(text)!;

let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ balances: { USDT: 1_000_000_000, BTC: 10_000 }, symbols: ['BTCUSDT'] });
});

after(async () => {
  await sim.close();
});

function place(order: Partial<NewOrder> & Pick<NewOrder, 'side' | 'type'>) {
  return sim.engine.place({ symbol: 'BTCUSDT', ...order });
}

describe('time in force and post-only', () => {
  test('a market order larger than the book fills what is there and expires for lack of liquidity', () => {
    const { asks } = sim.engine.depth('BTCUSDT');
    const available = asks.reduce((sum, [, qty]) => sum + qty, 0n);
    const { order, fills } = place({ side: 'BUY', type: 'MARKET', quantity: available + d('1') });
    assert.equal(order.status, 'EXPIRED');
    assert.equal(order.expiryReason, 'INSUFFICIENT_LIQUIDITY');
    assert.equal(order.executedQty, available);
    assert.equal(fills.length, asks.length);
    assert.deepEqual(fills.map((f) => f.price), asks.map(([p]) => p), 'walks the levels best first');
    sim.step(1); // fresh liquidity for the next tests
  });

  test('IOC takes what crosses and expires the rest; FOK that cannot fill completely does nothing', () => {
    const { asks } = sim.engine.depth('BTCUSDT');
    const [bestAsk, bestQty] = asks[0]!;
    const ioc = place({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price: bestAsk, quantity: bestQty * 2n });
    assert.equal(ioc.order.status, 'EXPIRED');
    assert.equal(ioc.order.executedQty, bestQty);
    const fok = place({ side: 'BUY', type: 'LIMIT', timeInForce: 'FOK', price: bestAsk, quantity: bestQty });
    assert.equal(fok.order.status, 'EXPIRED', 'the best level is used up by the IOC');
    assert.equal(fok.order.executedQty, 0n);
    assert.equal(fok.fills.length, 0);
    sim.step(1);
  });

  test('a post-only order that would take is refused; one that would not, rests', () => {
    const { ask, bid } = sim.engine.topOfBook('BTCUSDT');
    assert.throws(() => place({ side: 'BUY', type: 'LIMIT_MAKER', price: ask, quantity: d('0.001') }), /Order would immediately match and take/);
    const maker = place({ side: 'BUY', type: 'LIMIT_MAKER', price: bid, quantity: d('0.001') });
    assert.equal(maker.order.status, 'NEW');
    sim.engine.cancel('BTCUSDT', maker.order.orderId, undefined);
  });
});

describe('resting orders and stops', () => {
  test("a large resting order fills in parts, each limited by a tick's volume, always at its own price", async (t) => {
    // A thin random-walk market (a few units a tick at about 100): a resting order many ticks'
    // volume large stays within NOTIONAL's maxNotional, as BTCUSDT's hourly volume would not.
    const sim = await Simulator.start({ market: 'random-walk', balances: { USDT: 1_000_000_000 }, symbols: ['BTCUSDT'] });
    t.after(() => sim.close());
    const last = sim.feeds.get('BTCUSDT')!.lastPrice;
    const price = (last / d('0.01')) * d('0.01') + d('10'); // far above: every tick reaches it
    const { order } = sim.engine.place({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: d('200') });
    const before = order.executedQty;
    sim.step(1);
    assert.equal(order.status, 'PARTIALLY_FILLED');
    const firstFill = order.executedQty - before;
    assert.ok(firstFill > 0n && firstFill < order.origQty);
    const trades = sim.engine.myTrades('BTCUSDT', { orderId: order.orderId });
    assert.ok(trades.every((t) => t.price === price || t.isMaker === false));
    for (let i = 0; i < 200 && (order.status as string) !== 'FILLED'; i++) sim.step(1);
    assert.equal(order.status, 'FILLED');
    assert.equal(order.locked, 0n);
    assert.equal(sim.engine.account.get('USDT').locked, 0n);
  });

  test('a stop-limit waits, not working, until the price path crosses its stop', () => {
    const last = sim.feeds.get('BTCUSDT')!.lastPrice;
    assert.throws(() => place({ side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: d('0.01'), price: (last / d('0.01')) * d('0.01'), stopPrice: (last / d('0.01') + 1n) * d('0.01') }), /Order would trigger immediately/);
    const stop = ((last * 999n) / 1000n / d('0.01')) * d('0.01');
    const { order } = place({ side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: d('0.01'), price: stop - d('1000'), stopPrice: stop });
    assert.equal(order.isWorking, false);
    let steps = 0;
    while (!order.isWorking && steps < 2000) {
      sim.step(1);
      steps++;
    }
    assert.ok(order.isWorking, 'triggered within the replay');
    assert.ok(sim.feeds.get('BTCUSDT')!.lastPrice <= stop || order.status === 'FILLED');
    for (let i = 0; i < 50 && order.status !== 'FILLED'; i++) sim.step(1);
    assert.equal(order.status, 'FILLED');
  });
});

describe('fees', () => {
  test('a buy pays its fee in the base asset, a sell in the quote asset, at the taker rate', () => {
    const buy = place({ side: 'BUY', type: 'MARKET', quantity: d('0.1') });
    assert.ok(buy.fills.every((f) => f.commissionAsset === 'BTC' && f.commission === (f.qty * d('0.001')) / d('1')));
    const sell = place({ side: 'SELL', type: 'MARKET', quantity: d('0.1') });
    assert.ok(sell.fills.every((f) => f.commissionAsset === 'USDT' && f.commission === (f.quoteQty * d('0.001')) / d('1')));
  });

  test('a market buy by quote amount spends at most that amount', () => {
    const before = sim.engine.account.get('USDT').free;
    const { order } = place({ side: 'BUY', type: 'MARKET', quoteOrderQty: d('1000') });
    assert.equal(order.status, 'FILLED');
    assert.ok(order.cummulativeQuoteQty <= d('1000'));
    assert.equal(before - sim.engine.account.get('USDT').free, order.cummulativeQuoteQty);
  });

  test('a market buy by quote amount larger than the book takes the book and expires, as one by quantity does', () => {
    const { asks } = sim.engine.depth('BTCUSDT');
    const cost = asks.reduce((sum, [price, qty]) => sum + (price * qty) / d('1'), 0n);
    const { order, fills } = place({ side: 'BUY', type: 'MARKET', quoteOrderQty: cost + d('1000') });
    assert.equal(order.status, 'EXPIRED');
    assert.equal(order.expiryReason, 'INSUFFICIENT_LIQUIDITY');
    assert.equal(fills.length, asks.length);
    sim.step(1); // fresh liquidity for the next tests
  });
});

describe('invariants', () => {
  test('under random order flow, balances never go negative and locked equals what open orders hold', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            side: fc.constantFrom('BUY' as const, 'SELL' as const),
            kind: fc.constantFrom('market', 'limit', 'cancel', 'step'),
            offsetBps: fc.integer({ min: -200, max: 200 }),
            qty: fc.integer({ min: 1, max: 500 }),
          }),
          { maxLength: 40 },
        ),
        (actions) => {
          for (const a of actions) {
            const last = sim.feeds.get('BTCUSDT')!.lastPrice;
            const price = ((last * BigInt(10_000 + a.offsetBps)) / 10_000n / d('0.01')) * d('0.01');
            const quantity = BigInt(a.qty) * d('0.001');
            try {
              if (a.kind === 'step') sim.step(1);
              else if (a.kind === 'cancel') {
                const open = sim.engine.openOrders('BTCUSDT');
                if (open.length > 0) sim.engine.cancel('BTCUSDT', open[0]!.orderId, undefined);
              } else if (a.kind === 'market') place({ side: a.side, type: 'MARKET', quantity });
              else place({ side: a.side, type: 'LIMIT', timeInForce: 'GTC', price, quantity });
            } catch (error) {
              // Refusals (funds, filters) are part of the flow; anything else is a bug.
              if (!(error instanceof Error) || !('code' in error)) throw error;
            }
            const open = sim.engine.openOrders('BTCUSDT');
            const lockedUsdt = open.filter((o) => o.side === 'BUY').reduce((s, o) => s + o.locked, 0n);
            const lockedBtc = open.filter((o) => o.side === 'SELL').reduce((s, o) => s + o.locked, 0n);
            const usdt = sim.engine.account.get('USDT');
            const btc = sim.engine.account.get('BTC');
            assert.equal(usdt.locked, lockedUsdt);
            assert.equal(btc.locked, lockedBtc);
            assert.ok(usdt.free >= 0n && btc.free >= 0n);
          }
        },
      ),
      { numRuns: 30, seed: 42 },
    );
  });
});
