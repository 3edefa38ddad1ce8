// Signed requests on the venue's clock, through both clients against the simulator over HTTP: a
// local clock seconds fast or slow still trades, and an order refused for its timestamp (-1021)
// is sent once more, after the offset is measured again, and placed once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClockSkew, SimulatedClock, systemClock } from '../../src/core/index.ts';
import type { Clock } from '../../src/core/index.ts';
import { VenueClock } from '../../src/exchange/index.ts';
import { CLIENTS, simulatedVenue } from './fixtures.ts';

function offsetClock(offsetMs: number): Clock {
  return { now: () => systemClock.now() + offsetMs };
}

function ordersWithClientId(orders: unknown, clientOrderId: string): number {
  return (orders as { clientOrderId?: string }[]).filter((o) => o.clientOrderId === clientOrderId).length;
}

describe('venue clock', () => {
  test('the offset is the server time against the midpoint of sending and receiving', async () => {
    const local = new SimulatedClock(1_000);
    const clock = new VenueClock(local, async () => {
      local.set(1_200); // 200 ms round trip; the venue stamped its reply at 5_000 on its clock
      return 5_000;
    });
    await clock.ready();
    assert.equal(clock.offsetMs, 3_900);
    assert.equal(clock.now(), 1_200 + 3_900);
  });

  test('a request refused for its timestamp is sent once more after measuring again, then the refusal is thrown', async () => {
    let measured = 0;
    const clock = new VenueClock(new SimulatedClock(0), async () => ++measured * 1_000);
    let sent = 0;
    const refusedOnce = async (): Promise<string> => (++sent === 1 ? Promise.reject(new ClockSkew('-1021')) : 'placed');
    assert.equal(await clock.send(refusedOnce), 'placed');
    assert.deepEqual([sent, measured, clock.offsetMs], [2, 2, 2_000]);
    sent = 0;
    await assert.rejects(clock.send(async () => Promise.reject(new ClockSkew(`-1021 #${++sent}`))), /-1021 #2/);
  });
});

for (const client of CLIENTS) {
  describe(`signed requests on the venue's clock (simulator through ${client})`, () => {
    for (const offsetMs of [2_000, -7_000]) {
      test(`with our clock ${offsetMs > 0 ? 'fast' : 'slow'} by ${Math.abs(offsetMs) / 1000} s, orders are placed, found and cancelled`, async () => {
        const { sim, exchange } = await simulatedVenue({}, undefined, 2_000, client, offsetClock(offsetMs));
        try {
          const created = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000.00', clientOrderId: 'skewed-1' });
          assert.equal(created.status, 'open');
          // The simulator's clock is its market clock (the replayed time): the offset is to that, from our skewed clock.
          const expected = sim.serverTime() - (Date.now() + offsetMs);
          assert.ok(Math.abs(exchange.clockOffsetMs - expected) < 1_000, `measured offset ${exchange.clockOffsetMs} ms, expected ${expected} ms`);
          assert.equal((await exchange.findOrder('BTC/USDT', 'skewed-1'))?.id, created.id);
          assert.equal((await exchange.fetchBalance())['USDT']!.used, 20);
          assert.equal((await exchange.cancelOrder('BTC/USDT', 'skewed-1')).status, 'canceled');
          const market = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.001', clientOrderId: 'skewed-2' });
          assert.equal(market.status, 'closed');
        } finally {
          await exchange.close();
          await sim.close();
        }
      });
    }

    test('an order refused with -1021 is resent once after re-measuring, under the same clientOrderId, and placed once', async () => {
      const { sim, exchange } = await simulatedVenue({}, undefined, 2_000, client);
      try {
        await exchange.fetchBalance();
        const before = sim.serverTime() - Date.now();
        assert.ok(Math.abs(exchange.clockOffsetMs - before) < 1_000);
        // The venue's clock falls 2 s behind: our next timestamp is ahead of it by more than its 1 s grace.
        sim.faults.update({ clockSkewMs: -2_000 });
        const order = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000.00', clientOrderId: 'resent-1' });
        assert.equal(order.status, 'open');
        assert.ok(Math.abs(exchange.clockOffsetMs - (before - 2_000)) < 1_000, `offset measured again: ${exchange.clockOffsetMs} ms`);
        assert.equal(ordersWithClientId(sim.engine.snapshot()['orders'], 'resent-1'), 1);
        assert.deepEqual((await exchange.fetchOpenOrders('BTC/USDT')).map((o) => o.clientOrderId), ['resent-1']);
      } finally {
        await exchange.close();
        await sim.close();
      }
    });
  });
}
