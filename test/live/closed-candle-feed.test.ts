// The closed-candle feed against the simulator's kline WebSocket and REST /api/v3/klines over
// real sockets, the watchdog on a clock moved by hand: the history before the live candles, then
// candles once and in order through a dropped connection, a silent stream and a stale one, one at
// a time to a slow consumer; a gap REST cannot fill pauses the feed; the replay starting over ends it.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ManualTimerClock } from '../../src/core/index.ts';
import type { Candle } from '../../src/core/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { binanceKlineSource } from '../../src/exchange/index.ts';
import type { KlineSource } from '../../src/exchange/index.ts';
import { ClosedCandleFeed, MIN_STALE_MS, staleBoundMs } from '../../src/live/index.ts';
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
  const feed = new ClosedCandleFeed({ source, timeframe: '1h', clock, onCandle: (candle, origin) => void got.push({ candle, origin }), onEvent: (e) => events.push(e), ...options });
  const running = feed.run(timeAt(START - 3));
  open = { sim, clock, feed, got, events, running };
  await until(() => feed.lastCandleTime === timeAt(START - 1) && events.some((e) => e.type === 'connected'), 'the history before START');
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
  // From REST: the two with a newer closed candle are caught up on, the newest is plain backfill.
  assert.deepEqual(got.map((g) => g.origin), ['catch-up', 'catch-up', 'backfill', 'stream', 'stream', 'stream']);
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
  assert.deepEqual(got.slice(3).map((g) => g.origin), ['stream', 'catch-up', 'backfill', 'stream']);
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
  assert.deepEqual(got.slice(3).map((g) => g.origin), ['catch-up', 'backfill']);
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
    fetchLatest: (limit, endTime) => source.fetchLatest(limit, endTime),
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

test('history: the closed candles before the forming one, paged backwards by REST; run gives every candle after them', async () => {
  const at = 2_600; // more history than one REST page
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: at, limits: { weightPerMinute: 1_000_000 } });
  const got: Candle[] = [];
  const feed = new ClosedCandleFeed({ source: binanceKlineSource({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, symbol: 'BTCUSDT', timeframe: '1h' }), timeframe: '1h', clock: new ManualTimerClock(0), onCandle: (candle) => void got.push(candle) });
  let running: Promise<void> | undefined;
  try {
    sim.step(1); // the candle at `at` is forming: REST's newest row
    const history = await feed.history(2_100);
    assert.equal(history.length, 2_100);
    assert.deepEqual(history.map((c) => c.time), Array.from({ length: 2_100 }, (_, i) => timeAt(at - 2_100 + i)));
    assert.equal(history.at(-1)!.close, bundled.close[at - 1]);
    running = feed.run();
    sim.step(3); // closes the forming one
    await until(() => got.length === 1, 'the first live candle');
    sim.step(4);
    await until(() => got.length === 2, 'the second');
    assert.deepEqual(got.map((c) => c.time), [timeAt(at), timeAt(at + 1)]);
  } finally {
    feed.stop();
    await running;
    await sim.close();
  }
});

test('history after an earlier run decided on the venue\'s newest kline: it ends the history and is not given again', async () => {
  const at = 600;
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: at, limits: { weightPerMinute: 1_000_000 } });
  const got: Candle[] = [];
  const events: FeedEvent[] = [];
  const feed = new ClosedCandleFeed({ source: binanceKlineSource({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, symbol: 'BTCUSDT', timeframe: '1h' }), timeframe: '1h', clock: new ManualTimerClock(0), onCandle: (candle) => void got.push(candle), onEvent: (e) => events.push(e) });
  let running: Promise<void> | undefined;
  try {
    // Nothing is forming: the venue's newest kline is the closed one at `at` - 1, which the earlier run decided on.
    const history = await feed.history(5, timeAt(at - 1));
    assert.deepEqual(history.map((c) => c.time), [5, 4, 3, 2, 1].map((back) => timeAt(at - back)));
    running = feed.run();
    await until(() => events.some((e) => e.type === 'connected'), 'the stream');
    sim.step(4);
    await until(() => got.length === 1, 'the first live candle');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(got.map((c) => c.time), [timeAt(at)], 'the decided candle is not given again');
  } finally {
    feed.stop();
    await running;
    await sim.close();
  }
});

test('a venue with less history than asked gives what it has', async () => {
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: 5, limits: { weightPerMinute: 1_000_000 } });
  try {
    sim.step(1);
    const feed = new ClosedCandleFeed({ source: binanceKlineSource({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, symbol: 'BTCUSDT', timeframe: '1h' }), timeframe: '1h', clock: new ManualTimerClock(0), onCandle: () => undefined });
    assert.deepEqual((await feed.history(200)).map((c) => c.time), [0, 1, 2, 3, 4].map(timeAt));
  } finally {
    await sim.close();
  }
});

test('a slow consumer gets the candles one at a time: the next waits for its promise', async () => {
  let release: (() => void) | undefined;
  const handled: number[] = [];
  let inside = 0;
  let overlapped = false;
  const got: Harness['got'][number][] = [];
  const { sim } = await start({
    onCandle: async (candle, origin) => {
      got.push({ candle, origin });
      overlapped ||= inside > 0;
      inside++;
      if (candle.time >= timeAt(START)) await new Promise<void>((resolve) => (release = resolve));
      inside--;
      handled.push(candle.time);
    },
  });
  sim.step(12); // three closes while the consumer holds the first
  await until(() => got.length === 4 && release !== undefined, 'the first live candle held');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(got.length, 4, 'nothing more until the held candle is done');
  for (let n = 5; n <= 6; n++) {
    release!();
    await until(() => got.length === n, `candle ${n}`);
  }
  release!();
  await until(() => handled.length === 6, 'all handled');
  assert.equal(overlapped, false);
  assertReplayed(got, START + 2);
});

test('the venue replaying its data from the beginning again ends the feed: nothing older is given', async () => {
  const last = bundled.length - 1;
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: last, limits: { weightPerMinute: 1_000_000 } });
  const got: Candle[] = [];
  const events: FeedEvent[] = [];
  const feed = new ClosedCandleFeed({ source: binanceKlineSource({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, symbol: 'BTCUSDT', timeframe: '1h' }), timeframe: '1h', clock: new ManualTimerClock(0), onCandle: (candle) => void got.push(candle), onEvent: (e) => events.push(e) });
  try {
    sim.step(1);
    await feed.history(3);
    const running = feed.run();
    await until(() => events.some((e) => e.type === 'connected'), 'the stream');
    sim.step(3); // the data's last candle closes
    await until(() => got.length === 1, 'the last candle');
    sim.step(8); // the replay starts again at the data's second candle
    await running; // resolves by itself
    assert.deepEqual(got.map((c) => c.time), [timeAt(last)]);
    const rewound = events.find((e) => e.type === 'rewound');
    assert.ok(rewound !== undefined && rewound.time < timeAt(last), JSON.stringify(events));
  } finally {
    feed.stop();
    await sim.close();
  }
});

test('staleBoundMs: 1.5 timeframes on a real venue, shrunk by the replay speed down to MIN_STALE_MS', () => {
  assert.equal(staleBoundMs('1h'), 1.5 * HOUR);
  assert.equal(staleBoundMs('1d', 14_400), (1.5 * 24 * HOUR) / 14_400);
  assert.equal(staleBoundMs('1h', 14_400), MIN_STALE_MS, '375 ms would be under the floor');
});

test('a candle that closes while REST answers is taken with its final values, not REST\'s forming snapshot', async () => {
  let sim: Simulator | undefined;
  let racing = false;
  // REST answers with the candle at START + 2 forming; the stream closes it before the reply is read.
  const racy = (source: KlineSource): KlineSource => ({
    open: (handlers) => source.open(handlers),
    async fetch(startTime, limit) {
      const rows = await source.fetch(startTime, limit);
      if (racing) {
        racing = false;
        sim!.step(2);
        await new Promise((r) => setTimeout(r, 50)); // the close reaches the feed first
      }
      return rows;
    },
    fetchLatest: (limit, endTime) => source.fetchLatest(limit, endTime),
  });
  const harness = await start({}, racy);
  sim = harness.sim;
  const { got } = harness;
  sim.dropWebSockets();
  sim.step(10); // START and START + 1 close unseen; START + 2 is half formed
  racing = true;
  await until(() => got.length >= 6, 'the candles after the drop');
  sim.step(4);
  await until(() => got.length === 7, 'the next close');
  assertReplayed(got, START + 3);
});
