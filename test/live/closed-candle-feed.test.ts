// The closed-candle feed against the simulator's kline WebSocket and REST /api/v3/klines over
// real sockets, the watchdog on a clock moved by hand: candles arrive once and in order through a
// dropped connection, a silent stream and a stale one, and a gap REST cannot fill pauses the feed.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ManualTimerClock } from '../../src/core/index.ts';
import type { Candle } from '../../src/core/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { binanceKlineSource } from '../../src/exchange/index.ts';
import type { KlineSource } from '../../src/exchange/index.ts';
import { ClosedCandleFeed } from '../../src/live/index.ts';
import type { CandleOrigin, ClosedCandleFeedOptions, FeedEvent } from '../../src/live/index.ts';
import { Simulator } from '../../src/simulator/index.ts';

const START = 500;
const HOUR = 3_600_000;
const bundled = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;
const timeAt = (i: number): number => bundled.time[i]!;

interface Harness {
  readonly sim: Simulator;
  readonly clock: ManualTimerClock;
  readonly feed: ClosedCandleFeed;
  readonly got: { readonly candle: Candle; readonly origin: CandleOrigin }[];
  readonly events: FeedEvent[];
  readonly running: Promise<void>;
}

let open: Harness | undefined;

afterEach(async () => {
  open?.feed.stop();
  await open?.running;
  await open?.sim.close();
  open = undefined;
});

/** A simulator at START (stepped by hand) and a feed from three candles before it. */
async function start(options: Partial<ClosedCandleFeedOptions> = {}, wrap: (source: KlineSource) => KlineSource = (s) => s): Promise<Harness> {
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: START, limits: { weightPerMinute: 1_000_000 } });
  const clock = new ManualTimerClock(0);
  const got: Harness['got'][number][] = [];
  const events: FeedEvent[] = [];
  const source = wrap(binanceKlineSource({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, symbol: 'BTCUSDT', timeframe: '1h' }));
  const feed = new ClosedCandleFeed({ source, timeframe: '1h', clock, onCandle: (candle, origin) => got.push({ candle, origin }), onEvent: (e) => events.push(e), ...options });
  const running = feed.run(timeAt(START - 3));
  open = { sim, clock, feed, got, events, running };
  await until(() => got.length === 3 && events.some((e) => e.type === 'connected'), 'the history before START');
  return open;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

/** The candles given are the replayed ones from START − 3 to `last`, once each and in order. */
function assertReplayed(got: Harness['got'], last: number): void {
  const expected: Candle[] = [];
  for (let i = START - 3; i <= last; i++) {
    expected.push({ time: timeAt(i), open: bundled.open[i]!, high: bundled.high[i]!, low: bundled.low[i]!, close: bundled.close[i]!, volume: bundled.volume[i]! });
  }
  assert.deepEqual(
    got.map((g) => g.candle.time),
    expected.map((c) => c.time),
  );
  got.forEach((g, i) => {
    for (const key of ['open', 'high', 'low', 'close', 'volume'] as const) assert.ok(Math.abs(g.candle[key] - expected[i]![key]) <= 1e-8 * Math.max(1, expected[i]![key]), `${key} of candle ${i}`);
  });
}

test('closed candles arrive once and in order: the history from REST, then each close from the stream', async () => {
  const { sim, got, feed } = await start();
  for (let n = 1; n <= 3; n++) {
    sim.step(4);
    await until(() => got.length === 3 + n, `live candle ${n}`);
  }
  assertReplayed(got, START + 2);
  assert.deepEqual(got.map((g) => g.origin), ['backfill', 'backfill', 'backfill', 'stream', 'stream', 'stream']);
  assert.equal(feed.reconnects, 0);
  assert.equal(feed.paused, undefined);
});

test('a dropped connection is replaced and the candles missed meanwhile are backfilled in order', async () => {
  const { sim, got, feed, events } = await start();
  sim.step(4);
  await until(() => got.length === 4, 'a live candle');
  // Dropped, and two candles close before the client can notice (all in one synchronous turn).
  sim.dropWebSockets();
  sim.step(8);
  await until(() => got.length === 6, 'the two missed candles');
  sim.step(4);
  await until(() => got.length === 7, 'the stream again');
  assertReplayed(got, START + 3);
  assert.deepEqual(got.slice(3).map((g) => g.origin), ['stream', 'backfill', 'backfill', 'stream']);
  assert.equal(feed.reconnects, 1);
  assert.deepEqual(events.map((e) => e.type), ['connected', 'disconnected', 'connected']);
});

test('no candle close within 1.5 timeframes replaces the connection, and the close missed is backfilled', async () => {
  const { sim, clock, got, feed, events } = await start({ silenceMs: 100 * HOUR });
  sim.faults.update({ staleStreams: true });
  sim.step(4); // closes START unseen
  clock.advance(1.5 * HOUR - 1);
  assert.equal(feed.reconnects, 0, 'not stale before 1.5 timeframes');
  clock.advance(1);
  assert.match((events.find((e) => e.type === 'stale') as { reason: string }).reason, /no candle close for 5400000 ms/);
  await until(() => feed.reconnects === 1 && events.at(-1)?.type === 'connected', 'the new connection');
  sim.faults.update({ staleStreams: false });
  sim.step(4);
  await until(() => got.length === 5, 'the missed close and the next');
  assertReplayed(got, START + 1);
  assert.deepEqual(got.slice(3).map((g) => g.origin), ['backfill', 'backfill']);
});

test('a silent stream (no message at all) is replaced after silenceMs', async () => {
  const { sim, clock, got, feed, events } = await start({ silenceMs: 10_000 });
  sim.faults.update({ staleStreams: true });
  clock.advance(10_000);
  assert.match((events.find((e) => e.type === 'stale') as { reason: string }).reason, /no message for 10000 ms \(silent stream\)/);
  await until(() => feed.reconnects === 1 && events.at(-1)?.type === 'connected', 'the new connection');
  sim.faults.update({ staleStreams: false });
  sim.step(4);
  await until(() => got.length === 4, 'the next close');
  assertReplayed(got, START);
});

test('a gap REST cannot fill pauses the candles, says so, and resumes in order once it is filled', async () => {
  const { sim, got, feed, events } = await start();
  sim.faults.update({ dropRate: 1 }); // REST requests are dropped; the WebSocket still connects
  sim.dropWebSockets();
  sim.step(8);
  await until(() => feed.paused !== undefined, 'the pause');
  assert.equal(feed.paused!.missingFrom, timeAt(START));
  assert.match(feed.paused!.reason, /REST backfill failed/);
  const paused = events.find((e) => e.type === 'paused');
  assert.deepEqual(paused, { type: 'paused', missingFrom: timeAt(START), ...{ reason: feed.paused!.reason } });
  assert.equal(got.length, 3, 'nothing after the gap');
  sim.faults.update({ dropRate: 0 });
  sim.step(4); // a close on the stream: the feed tries REST again
  await until(() => got.length === 6, 'the gap filled');
  assertReplayed(got, START + 2);
  assert.equal(feed.paused, undefined);
  assert.deepEqual(events.at(-1), { type: 'resumed', backfilled: 3 });
});

test('a candle the venue lacks holds back every later candle while the stream goes on', async () => {
  const hole = timeAt(START + 1);
  let served = 0;
  // A venue whose history has a hole (Binance's has some, from outages): every row but one.
  const holed = (source: KlineSource): KlineSource => ({
    open: (handlers) => source.open(handlers),
    async fetch(startTime, limit) {
      const rows = (await source.fetch(startTime, limit)).filter((row) => row.time !== hole);
      served++;
      return rows;
    },
  });
  const { sim, got, feed } = await start({}, holed);
  sim.dropWebSockets();
  sim.step(12); // START, START + 1 (the hole), START + 2 close while disconnected
  await until(() => feed.paused !== undefined, 'the pause');
  assert.deepEqual(feed.paused, { missingFrom: hole, reason: `the candle of ${new Date(hole).toISOString()} has closed but REST does not have it` });
  const before = served;
  sim.step(4); // another close on the stream: tried again, still missing
  await until(() => served > before, 'another REST attempt');
  await new Promise((r) => setImmediate(r));
  assertReplayed(got, START);
  assert.equal(feed.lastCandleTime, timeAt(START));
  assert.equal(feed.paused?.missingFrom, hole);
});

test('a throw from onCandle stops the feed and rejects run', async () => {
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: START, limits: { weightPerMinute: 1_000_000 } });
  try {
    const source = binanceKlineSource({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, symbol: 'BTCUSDT', timeframe: '1h' });
    const feed = new ClosedCandleFeed({
      source,
      timeframe: '1h',
      clock: new ManualTimerClock(0),
      onCandle: (candle) => {
        if (candle.time === timeAt(START - 2)) throw new Error('strategy failed');
      },
    });
    await assert.rejects(feed.run(timeAt(START - 3)), /strategy failed/);
    assert.equal(feed.lastCandleTime, timeAt(START - 2));
  } finally {
    await sim.close();
  }
});
