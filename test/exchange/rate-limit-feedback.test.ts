// What the venue says about its rate limits reaches the limiter through both clients, over real
// HTTP to the simulator: the used weight from the reply headers, and a ban's end from Retry-After,
// after which nothing is sent until the ban is over.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RateLimitExceeded, systemClock } from '../../src/core/index.ts';
import type { Clock } from '../../src/core/index.ts';
import { lowerCaseHeaders, retryAfterMs } from '../../src/exchange/index.ts';
import { CLIENTS, simulatedVenue } from './fixtures.ts';

/**
 * The simulator's clock starts at a minute boundary when the simulator starts, so a test shorter
 * than a minute stays in one of its weight windows and its counts are exact.
 */
function windowStartClock(): Clock {
  const windowStart = 1_700_000_040_000;
  const started = systemClock.now();
  return { now: () => windowStart + (systemClock.now() - started) };
}

const LIMITER = { weightPerWindow: 6000, windowMs: 60_000 };

describe('reading what the venue says about its limits', () => {
  test('header names are compared in lower case, whatever case the client keeps them in', () => {
    assert.deepEqual(lowerCaseHeaders({ 'X-Mbx-Used-Weight-1m': '263', 'Retry-After': 300, 'Set-Cookie': ['a', 'b'] }), { 'x-mbx-used-weight-1m': '263', 'retry-after': '300', 'set-cookie': 'a, b' });
    assert.deepEqual(lowerCaseHeaders(undefined), {});
  });

  test("the wait is the longer of Retry-After and the ban's end in Binance's -1003 message", () => {
    const banned = 'Way too much request weight used; IP banned until 1700000000000. Please use WebSocket Streams for live updates to avoid bans.';
    assert.equal(retryAfterMs({ 'retry-after': '300' }, 'Too much request weight used', 0), 300_000);
    assert.equal(retryAfterMs({}, banned, 1_699_999_000_000), 1_000_000);
    assert.equal(retryAfterMs({ 'retry-after': '300' }, banned, 1_699_999_000_000), 1_000_000);
    assert.equal(retryAfterMs({ 'retry-after': '300' }, banned, 1_700_000_000_000), 300_000);
    assert.equal(retryAfterMs(undefined, 'Filter failure: NOTIONAL', 0), undefined);
  });
});

for (const client of CLIENTS) {
  describe(`rate-limit feedback (simulator through ${client})`, () => {
    test("the limiter counts the weight the venue reports, spent by others on the same address included", async () => {
      const { sim, exchange, limiter } = await simulatedVenue({ clock: windowStartClock() }, LIMITER, 2_000, client);
      try {
        // Another process on this address spends 13 × 20 weight; only the venue's header tells us.
        for (let i = 0; i < 13; i++) await (await fetch(`${sim.restUrl}/api/v3/exchangeInfo`)).text();
        await exchange.fetchBalance();
        const probe = await fetch(`${sim.restUrl}/api/v3/time`); // weight 1
        const venueCount = Number(probe.headers.get('x-mbx-used-weight-1m'));
        assert.ok(venueCount > 260);
        assert.equal(limiter!.usedWeight, venueCount - 1);
      } finally {
        await exchange.close();
        await sim.close();
      }
    });

    test('a 418 ban with Retry-After: 300 stops every request until it ends, refused locally', async () => {
      const { sim, exchange, limiter } = await simulatedVenue({ clock: windowStartClock() }, LIMITER, 2_000, client);
      try {
        await exchange.fetchBalance();
        sim.weights.ban('127.0.0.1', sim.serverTime(), 300_000);
        await assert.rejects(exchange.fetchBalance(), (e: Error) => e instanceof RateLimitExceeded && e.banned && e.retryAfterMs >= 299_000 && e.message.includes('IP banned until'));
        assert.equal(sim.weights.refusals[418], 1);
        assert.ok(limiter!.bannedUntilMs - systemClock.now() >= 298_000, 'the ban lasts as long as the venue said, not a default minute');
        for (const request of [() => exchange.fetchBalance(), () => exchange.fetchCandles('BTC/USDT', '1h', undefined, 1), () => exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000.00', clientOrderId: 'during-ban' })]) {
          await assert.rejects(request(), (e: Error) => e instanceof RateLimitExceeded && e.banned && /refused locally: the venue banned this address until \d{4}-\d\d-\d\dT/.test(e.message));
        }
        assert.equal(sim.weights.refusals[418], 1, 'no request reached the venue during the ban');
        assert.equal(limiter!.stats.refusedWhileBanned, 3);
      } finally {
        await exchange.close();
        await sim.close();
      }
    });
  });
}
