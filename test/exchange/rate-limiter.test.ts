// The rate limiter alone on a simulated clock, then soaked against the simulator at three times
// the allowed request rate.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExchangeUnavailable, RateLimitExceeded, seededRng, SimulatedClock } from '../../src/core/index.ts';
import { RateLimiter } from '../../src/exchange/rate-limiter.ts';
import { simulatedVenue } from './fixtures.ts';

function limiter(clock: SimulatedClock, weightPerWindow = 100): { limiter: RateLimiter; slept: number[] } {
  const slept: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    slept.push(ms);
    clock.set(clock.now() + ms);
  };
  return { limiter: new RateLimiter({ weightPerWindow, windowMs: 1000, safety: 0.8, clock, rng: seededRng(1), sleep, backoffMs: 10 }), slept };
}

const ok = async (): Promise<string> => 'ok';
const noHeaders = (): undefined => undefined;

describe('rate limiter', () => {
  test('spends at most the safe share of the window, then waits for the next window', async () => {
    const clock = new SimulatedClock(10_000);
    const { limiter: l, slept } = limiter(clock);
    for (let i = 0; i < 8; i++) await l.run(10, ok, noHeaders, true);
    assert.deepEqual(slept, []);
    await l.run(10, ok, noHeaders, true);
    assert.equal(slept.length, 1);
    assert.ok(clock.now() >= 11_000, 'the ninth call went out in the next window');
  });

  test("adopts the venue's higher used-weight count from the reply headers, whatever their case", async () => {
    const clock = new SimulatedClock(20_000);
    const { limiter: l } = limiter(clock);
    await l.run(1, ok, () => ({ 'x-mbx-used-weight-1m': '75' }), true);
    assert.equal(l.usedWeight, 75);
    // ccxt capitalises header names.
    await l.run(1, ok, () => ({ 'X-Mbx-Used-Weight-1m': '93' }), true);
    assert.equal(l.usedWeight, 93);
  });

  test('a ban is not resent: every call is refused locally, unsent, until Retry-After has passed', async () => {
    const clock = new SimulatedClock(30_000);
    const { limiter: l, slept } = limiter(clock);
    let calls = 0;
    const bannedOnce = async (): Promise<string> => {
      calls++;
      if (calls === 1) throw new RateLimitExceeded('banned', 300_000, true);
      return 'ok';
    };
    await assert.rejects(l.run(1, bannedOnce, noHeaders, true), (e: Error) => e instanceof RateLimitExceeded && e.banned);
    clock.set(30_000 + 299_999);
    await assert.rejects(
      l.run(1, bannedOnce, noHeaders, true),
      (e: Error) => e instanceof RateLimitExceeded && e.banned && e.retryAfterMs === 1 && e.message.includes(`until ${new Date(330_000).toISOString()}`),
    );
    assert.equal(calls, 1, 'nothing was sent during the ban');
    assert.deepEqual(slept, []);
    clock.set(330_000);
    assert.equal(await l.run(1, bannedOnce, noHeaders, true), 'ok');
    assert.deepEqual([l.stats.banned, l.stats.refusedWhileBanned, l.bannedUntilMs], [1, 1, 330_000]);
  });

  test('a 429 is resent no sooner than its Retry-After', async () => {
    const clock = new SimulatedClock(60_000);
    const { limiter: l, slept } = limiter(clock);
    let calls = 0;
    const limitedOnce = async (): Promise<string> => {
      if (++calls === 1) throw new RateLimitExceeded('429', 7_000);
      return 'ok';
    };
    assert.equal(await l.run(1, limitedOnce, noHeaders, true), 'ok');
    assert.ok(slept[0]! >= 7_000, `waited ${slept[0]} ms`);
  });

  test('a network failure is retried for reads but never for a new order', async () => {
    const clock = new SimulatedClock(40_000);
    const { limiter: l } = limiter(clock);
    let reads = 0;
    const flakyRead = async (): Promise<string> => {
      if (++reads < 3) throw new ExchangeUnavailable('reset');
      return 'ok';
    };
    assert.equal(await l.run(1, flakyRead, noHeaders, true), 'ok');
    let submits = 0;
    const flakySubmit = async (): Promise<string> => {
      submits++;
      throw new ExchangeUnavailable('reset');
    };
    await assert.rejects(l.run(1, flakySubmit, noHeaders, false), ExchangeUnavailable);
    assert.equal(submits, 1);
  });

  test('a 429 is retried even for a new order: the venue refused it before executing', async () => {
    const clock = new SimulatedClock(50_000);
    const { limiter: l } = limiter(clock);
    let submits = 0;
    const limitedOnce = async (): Promise<string> => {
      if (++submits === 1) throw new RateLimitExceeded('429', 1_000);
      return 'placed';
    };
    assert.equal(await l.run(1, limitedOnce, noHeaders, false), 'placed');
    assert.equal(submits, 2);
  });

  test('soak: three times the allowed rate against the simulator never gets banned', async () => {
    // 300 weight per 1-second window on the venue; we offer 2 weight × 450 requests within 1 s.
    const { sim, exchange, limiter: l } = await simulatedVenue({ limits: { weightPerMinute: 300, windowMs: 1000, strikesBeforeBan: 1, banMs: 60_000 } }, { weightPerWindow: 300, windowMs: 1000 });
    try {
      const requests: Promise<unknown>[] = [];
      for (let i = 0; i < 450; i++) {
        requests.push(exchange.fetchCandles('BTC/USDT', '1h', undefined, 1));
        if (i % 150 === 149) await new Promise((r) => setTimeout(r, 333));
      }
      const results = await Promise.allSettled(requests);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.deepEqual(failed.slice(0, 3).map((r) => String(r.reason)), []);
      assert.equal(sim.weights.refusals[418], 0, 'never banned');
      assert.ok(l!.stats.waits > 0, 'the limiter held requests back');
    } finally {
      await exchange.close();
      await sim.close();
    }
  });
});
