// The order manager against the simulator through ccxt, with faults: unknown outcomes resolved by
// clientOrderId, a restart in the middle, lookups that lag behind the venue, an order filled in more
// trades than a page holds, and a 1,000-order chaos run that must end with no duplicate, no orphan,
// and our records, the venue's orders and its balances in agreement.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { exactSum, marketRules, seededRng, systemClock } from '../../src/core/index.ts';
import type { Clock } from '../../src/core/index.ts';
import type { Exchange } from '../../src/exchange/index.ts';
import { OrderManager } from '../../src/execution/index.ts';
import { openStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { formatDec } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { CLIENTS, simulatedVenue } from '../exchange/fixtures.ts';

/** The simulator's BTC/USDT as loadMarkets lists it (Binance's filters for BTCUSDT). */
const MARKETS = [{ symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', ...marketRules('binance', 'BTCUSDT'), minQty: 0.00001 }];

const HIGH_LIMITS = { weightPerMinute: 10_000_000, ordersPer10s: 10_000_000 };

/** A simulator, the Exchange port on it and an order store, all closed when the test ends. */
async function openVenue(t: TestContext, ...args: Parameters<typeof simulatedVenue>): Promise<{ sim: Simulator; exchange: Exchange; store: Store }> {
  const { sim, exchange } = await simulatedVenue(...args);
  const store = openStore(path.join(tempDir(), 'orders.db'));
  t.after(async () => {
    store.close();
    await exchange.close();
    await sim.close();
  });
  return { sim, exchange, store };
}

/** The order manager's clock: the system's, moved forward by hand to pass a grace period. */
class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): number {
    return systemClock.now() + this.offsetMs;
  }
}

const GRACE_MS = 10_000;

function manager(store: Store, exchange: Exchange, clock: Clock = systemClock): OrderManager {
  return new OrderManager({ instance: 'bot1', exchange, journal: store.orders, clock, absenceGraceMs: GRACE_MS, markets: MARKETS });
}

/** The journal's fills of an order, added up exactly, as a decimal string like the venue's executedQty. */
function journalFilled(store: Store, clientOrderId: string): string {
  const fills = JSON.parse(store.orders.get(clientOrderId)!.fills) as { amount: number }[];
  return exactSum(fills.map((f) => f.amount)).toFixed(8);
}

describe('order manager', () => {
  test('the intent is on record before the request leaves, with a clientOrderId from instance and sequence', async (t) => {
    const { sim, exchange, store } = await openVenue(t, { limits: HIGH_LIMITS });
    sim.faults.update({ dropRate: 1 }); // nothing gets through: only the record remains
    const om = manager(store, exchange);
    const order = await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.001', decisionPrice: 60_000 });
    assert.equal(order.clientOrderId, 'bot1-1');
    assert.equal(store.orders.get('bot1-1')?.status, 'pending');
    assert.equal(store.orders.get('bot1-1')?.sends, 1);
    const second = await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.001', decisionPrice: 60_000 });
    assert.equal(second.clientOrderId, 'bot1-2');
  });

  test('an order accepted but never answered is adopted, not sent again, after a restart', async () => {
    const { sim, exchange } = await simulatedVenue({ limits: HIGH_LIMITS });
    const file = path.join(tempDir(), 'orders.db');
    let store = openStore(file);
    try {
      sim.faults.update({ timeoutAfterAcceptRate: 1 });
      await manager(store, exchange).submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', decisionPrice: 60_000 });
      assert.equal(store.orders.get('bot1-1')?.status, 'pending', 'the reply never came');
      store.close(); // the bot "crashes" and restarts on the same file
      sim.faults.update({ timeoutAfterAcceptRate: 0 });
      store = openStore(file);
      const report = await manager(store, exchange).reconcile();
      assert.deepEqual(report, { adopted: 1, resent: 0, failed: 0, unresolved: 0 });
      assert.equal(store.orders.get('bot1-1')?.status, 'open');
      assert.equal(sim.engine.allOrders('BTCUSDT').length, 1, 'one order at the venue');
    } finally {
      store.close();
      await exchange.close();
      await sim.close();
    }
  });

  test('an order that never reached the venue is sent again under the same clientOrderId, once the grace period has passed', async (t) => {
    const { sim, exchange, store } = await openVenue(t, { limits: HIGH_LIMITS });
    sim.faults.update({ resetRate: 1 });
    const clock = new ShiftedClock();
    const om = manager(store, exchange, clock);
    await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.001', decisionPrice: 60_000 });
    sim.faults.update({ resetRate: 0 });
    // Whether the query meets the connection the fault broke or answers "not found", nothing is decided yet.
    assert.deepEqual(await om.reconcile(), { adopted: 0, resent: 0, failed: 0, unresolved: 1 }, 'one "not found" within the grace period decides nothing');
    clock.offsetMs = GRACE_MS;
    // The first query may meet the connection the fault broke: reconcile until it is resolved.
    const total = { adopted: 0, resent: 0, failed: 0 };
    for (let round = 0; round < 3 && store.orders.get('bot1-1')!.status === 'pending'; round++) {
      const report = await om.reconcile();
      total.adopted += report.adopted;
      total.resent += report.resent;
      total.failed += report.failed;
    }
    assert.deepEqual(total, { adopted: 0, resent: 1, failed: 0 });
    const order = store.orders.get('bot1-1')!;
    assert.equal(order.status, 'filled');
    assert.equal(order.sends, 2);
    assert.equal(sim.engine.allOrders('BTCUSDT')[0]!.clientOrderId, 'bot1-1');
  });

  test('a limit order that does not fill in time is cancelled and the rest goes at market', async (t) => {
    const { sim, exchange, store } = await openVenue(t, { limits: HIGH_LIMITS });
    const om = manager(store, exchange);
    const last = Number(sim.feeds.get('BTCUSDT')!.lastPrice) / 1e8;
    const [limit, market] = await om.limitThenMarket({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.002', price: '10000.00', decisionPrice: last }, 300, 50);
    assert.equal(limit!.status, 'canceled');
    assert.equal(market!.kind, 'market');
    assert.equal(market!.amount, '0.00200', 'the rest, on the lot step as it is sent');
    assert.equal(market!.status, 'filled');
    assert.ok(Math.abs(OrderManager.slippageBps(market!)) < 50, 'filled near the decision price');
    // A limit that crosses the book fills at once: no market order follows.
    const done = await om.limitThenMarket({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: (last * 1.01).toFixed(2), decisionPrice: last }, 300, 50);
    assert.deepEqual(done.map((o) => o.status), ['filled']);
  });

  test('cancel/replace sends the new order only after the old one is cancelled', async (t) => {
    const { sim, exchange, store } = await openVenue(t, { limits: HIGH_LIMITS });
    const om = manager(store, exchange);
    const old = await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '10000.00', decisionPrice: 0 });
    const replacement = await om.replace(old.clientOrderId, '11000.00');
    assert.equal(store.orders.get(old.clientOrderId)!.status, 'canceled');
    assert.equal(replacement!.status, 'open');
    assert.equal(replacement!.price, '11000.00');
    assert.deepEqual(sim.engine.openOrders('BTCUSDT').map((o) => o.clientOrderId), [replacement!.clientOrderId]);
    const filled = await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.001', decisionPrice: 0 });
    assert.equal(await om.replace(filled.clientOrderId, '12000.00'), undefined, 'a filled order has nothing to replace');
  });

  for (const client of CLIENTS) {
    test(`through ${client}: a market buy that executed, its reply lost and its lookup lagging, is adopted once, never bought twice`, async (t) => {
      const { sim, exchange, store } = await openVenue(t, { limits: HIGH_LIMITS }, undefined, 2_000, client);
      const clock = new ShiftedClock();
      const om = manager(store, exchange, clock);
      sim.faults.update({ timeoutAfterAcceptRate: 1, lookupLagMs: 3_600_000 });
      await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.00100', decisionPrice: 0 });
      sim.faults.update({ timeoutAfterAcceptRate: 0 });
      assert.equal(store.orders.get('bot1-1')!.status, 'pending');
      assert.deepEqual(await om.reconcile(), { adopted: 0, resent: 0, failed: 0, unresolved: 1 }, 'within the grace period');
      clock.offsetMs = GRACE_MS;
      // The lookup still says -2013; the list of all orders has it.
      assert.deepEqual(await om.reconcile(), { adopted: 1, resent: 0, failed: 0, unresolved: 0 });
      const venue = sim.engine.allOrders('BTCUSDT', 0, 100_000).filter((o) => o.clientOrderId === 'bot1-1');
      assert.equal(venue.length, 1, 'exactly one order at the venue');
      const order = store.orders.get('bot1-1')!;
      assert.deepEqual([order.status, order.sends, order.venueId], ['filled', 1, String(venue[0]!.orderId)]);
      assert.equal(journalFilled(store, 'bot1-1'), formatDec(venue[0]!.executedQty), 'filled once, with the venue\'s trades');
      assert.ok((JSON.parse(order.fills) as { fee: number }[]).every((f) => f.fee > 0), 'the trades themselves, with their fees');
    });

    test(`through ${client}: while the order list lags as well, a trade it cannot explain keeps the order unresolved`, async (t) => {
      const { sim, exchange, store } = await openVenue(t, { limits: HIGH_LIMITS }, undefined, 2_000, client);
      const clock = new ShiftedClock();
      const om = manager(store, exchange, clock);
      sim.faults.update({ timeoutAfterAcceptRate: 1, lookupLagMs: 3_600_000, lookupLagAllOrders: true });
      await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.00100', decisionPrice: 0 });
      sim.faults.update({ timeoutAfterAcceptRate: 0 });
      clock.offsetMs = GRACE_MS;
      assert.deepEqual(await om.reconcile(), { adopted: 0, resent: 0, failed: 0, unresolved: 1 });
      sim.faults.update({ lookupLagAllOrders: false }); // the list catches up
      assert.deepEqual(await om.reconcile(), { adopted: 1, resent: 0, failed: 0, unresolved: 0 });
      assert.equal(sim.engine.allOrders('BTCUSDT', 0, 100_000).length, 1, 'exactly one order at the venue');
      assert.equal(store.orders.get('bot1-1')!.status, 'filled');
    });

    test(`through ${client}: an order filled in more than 1,000 trades, its reply lost, is journaled with fills adding up to its executed quantity`, async (t) => {
      const { sim, exchange, store } = await openVenue(t, { limits: HIGH_LIMITS, makersPerLevel: 1000, balances: { USDT: 10_000_000, BTC: 1 }, symbols: ['BTCUSDT'] }, undefined, 10_000, client);
      const om = manager(store, exchange);
      sim.faults.update({ timeoutAfterAcceptRate: 1 });
      await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '40.00000', decisionPrice: 0 });
      sim.faults.update({ timeoutAfterAcceptRate: 0 });
      assert.deepEqual(await om.reconcile(), { adopted: 1, resent: 0, failed: 0, unresolved: 0 });
      const [venue] = sim.engine.allOrders('BTCUSDT', 0, 100_000);
      const trades = sim.engine.myTrades('BTCUSDT', { orderId: venue!.orderId, fromId: 0, limit: 100_000 });
      assert.ok(trades.length > 1000, `${trades.length} trades`);
      const fills = JSON.parse(store.orders.get('bot1-1')!.fills) as { cumulative?: boolean }[];
      assert.equal(store.orders.get('bot1-1')!.status, 'filled');
      assert.equal(fills.length, trades.length, 'one fill per trade, none booked as a cumulative remainder');
      assert.equal(journalFilled(store, 'bot1-1'), formatDec(venue!.executedQty));
    });
  }

  for (const client of CLIENTS) test(`chaos through ${client}: 1,000 orders under random faults end with no duplicate, no orphan, and everything in agreement`, async (t) => {
    const { sim, exchange, store } = await openVenue(t, { limits: HIGH_LIMITS, balances: { USDT: 1_000_000, BTC: 10 }, symbols: ['BTCUSDT'] }, undefined, 400, client);
    const clock = new ShiftedClock();
    const om = manager(store, exchange, clock);
    const rng = seededRng(2024);
    // A third of the orders are missing from lookups for the whole run; the list of all orders has them.
    sim.faults.update({ seed: 11, dropRate: 0.04, resetRate: 0.03, unknownStatusRate: 0.05, timeoutAfterAcceptRate: 0.03, lookupLagMs: 3_600_000, lookupLagRate: 0.3 });
    for (let i = 0; i < 1000; i++) {
      const r = rng.next();
      if (r < 0.4) await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.00020', decisionPrice: 0 });
      else if (r < 0.8) await om.submit({ symbol: 'BTC/USDT', side: 'sell', kind: 'market', amount: '0.00020', decisionPrice: 0 });
      else await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.00100', price: '10000', decisionPrice: 0 });
      if (i % 100 === 99) {
        sim.step(1);
        await om.reconcile(); // reconciling under faults too
      }
    }
    sim.faults.update({ dropRate: 0, resetRate: 0, unknownStatusRate: 0, timeoutAfterAcceptRate: 0 });
    clock.offsetMs = GRACE_MS; // past the grace period of the last orders sent
    for (let round = 0; round < 5 && store.orders.notFinal('bot1').some((o) => o.status === 'pending'); round++) await om.reconcile();

    const venue = sim.engine.allOrders('BTCUSDT', 0, 100_000);
    const local = store.orders.all('bot1');
    assert.equal(local.length, 1000);
    const byClientId = new Map<string, number>();
    for (const o of venue) byClientId.set(o.clientOrderId, (byClientId.get(o.clientOrderId) ?? 0) + 1);
    assert.deepEqual([...byClientId].filter(([, n]) => n > 1), [], 'no duplicate order at the venue');
    const localIds = new Set(local.map((o) => o.clientOrderId));
    assert.deepEqual(venue.filter((o) => !localIds.has(o.clientOrderId)).map((o) => o.clientOrderId), [], 'no orphan at the venue');
    assert.deepEqual(local.filter((o) => o.status === 'pending').map((o) => o.clientOrderId), [], 'nothing left unknown');

    const venueStatus: Record<string, string> = { NEW: 'open', PARTIALLY_FILLED: 'partially_filled', FILLED: 'filled', CANCELED: 'canceled', EXPIRED: 'expired' };
    let boughtNet = 0;
    let sold = 0;
    for (const o of local) {
      const at = venue.find((v) => v.clientOrderId === o.clientOrderId);
      if (at === undefined) {
        assert.equal(o.status, 'rejected', `${o.clientOrderId} is not at the venue, so it must be marked failed`);
        continue;
      }
      assert.equal(o.status, venueStatus[at.status], `${o.clientOrderId}: ours ${o.status}, venue ${at.status}`);
      const fills = JSON.parse(o.fills) as { amount: number; fee: number; feeCurrency: string }[];
      const filled = fills.reduce((s, f) => s + f.amount, 0);
      assert.equal(filled.toFixed(8), (Number(at.executedQty) / 1e8).toFixed(8), `${o.clientOrderId} filled`);
      // Adopted orders too: their trades, with fees, come from the venue's trade list.
      assert.ok(fills.every((f) => f.fee > 0 && f.feeCurrency === (o.side === 'buy' ? 'BTC' : 'USDT')), `${o.clientOrderId} fees`);
      if (o.side === 'buy') boughtNet += filled * 0.999; // the taker fee is paid in BTC on buys
      else sold += filled;
    }
    const btc = sim.engine.account.get('BTC');
    assert.equal((Number(btc.free + btc.locked) / 1e8).toFixed(6), (10 + boughtNet - sold).toFixed(6), 'venue balance = start + our fills');
    const openAtVenue = sim.engine.openOrders('BTCUSDT').map((o) => o.clientOrderId).sort();
    assert.deepEqual(openAtVenue, local.filter((o) => o.status === 'open').map((o) => o.clientOrderId).sort(), 'open orders agree');
  });
});
