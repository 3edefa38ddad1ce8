// Every Binance kline interval from an hourly replay, over real sockets: coarser ones aggregated
// from the replayed candles on REST and WebSocket (expected values computed here from the data),
// finer ones refused with Binance's errors, the forming kline sent on subscription and every 2 s.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { loadCandles } from '../../src/data/index.ts';
import { binanceClient } from '../../src/exchange/index.ts';
import { servedIntervals, Simulator } from '../../src/simulator/index.ts';

const START = 501; // 2024-10-21 21:00 UTC, a Monday: the 4h and 1d buckets have begun, the 1h has not
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const data = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;
/** Generous bound on any wait: a broken feature fails here instead of hanging. */
const PATIENCE_MS = 20_000;

/** Bucket open times computed independently of the simulator, from calendar arithmetic. */
const OPEN: Record<string, (t: number) => number> = {
  '1h': (t) => t,
  '4h': (t) => t - (t % (4 * HOUR)),
  '1d': (t) => t - (t % DAY),
  '3d': (t) => t - (t % (3 * DAY)),
  '1w': (t) => {
    const day = t - (t % DAY);
    return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY; // back to Monday
  },
  '1M': (t) => Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1),
};

interface Expected {
  t: number;
  o: string;
  h: string;
  l: string;
  c: string;
  v: string;
}

/** Candles [from, to) of the data grouped by `interval` bucket, as Binance's strings. */
function aggregate(interval: string, from: number, to: number): Expected[] {
  const out: (Expected & { raw: { h: number; l: number; v: number } })[] = [];
  for (let i = from; i < to; i++) {
    const t = OPEN[interval]!(data.time[i]!);
    const last = out.at(-1);
    if (last === undefined || last.t !== t) {
      out.push({ t, o: data.open[i]!.toFixed(8), h: '', l: '', c: '', v: '', raw: { h: data.high[i]!, l: data.low[i]!, v: 0 } });
    }
    const k = out.at(-1)!;
    k.raw.h = Math.max(k.raw.h, data.high[i]!);
    k.raw.l = Math.min(k.raw.l, data.low[i]!);
    k.raw.v += data.volume[i]!;
    Object.assign(k, { h: k.raw.h.toFixed(8), l: k.raw.l.toFixed(8), c: data.close[i]!.toFixed(8), v: k.raw.v.toFixed(8) });
  }
  return out.map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }));
}

/** First and one-past-last candle index of the bucket holding candle `i`. */
function bucketRange(interval: string, i: number): [number, number] {
  const t = OPEN[interval]!(data.time[i]!);
  let from = i;
  let to = i + 1;
  while (from > 0 && OPEN[interval]!(data.time[from - 1]!) === t) from--;
  while (to < data.length && OPEN[interval]!(data.time[to]!) === t) to++;
  return [from, to];
}

/** The forming kline at candle `i` with nothing of it replayed: its bucket so far, or flat at the last close. */
function formingBefore(interval: string, i: number): Expected {
  const [from] = bucketRange(interval, i);
  if (from < i) return aggregate(interval, from, i)[0]!;
  const price = data.close[i - 1]!.toFixed(8);
  return { t: OPEN[interval]!(data.time[i]!), o: price, h: price, l: price, c: price, v: '0.00000000' };
}

type Message = Record<string, unknown>;
type KlineEvent = { s: string; k: { t: number; T: number; i: string; o: string; h: string; l: string; c: string; v: string; x: boolean } };

/** A socket that keeps every message; `next` waits (bounded) for the first unread one that matches. */
async function open(url: string): Promise<{ ws: WebSocket; all: Message[]; next: (match: (m: Message) => boolean, what: string) => Promise<Message> }> {
  const ws = new WebSocket(url);
  const all: Message[] = [];
  let wake = (): void => undefined;
  ws.on('message', (data) => {
    all.push(JSON.parse(data.toString()) as Message);
    wake();
  });
  await once(ws, 'open');
  let read = 0;
  const next = async (match: (m: Message) => boolean, what: string): Promise<Message> => {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const i = all.findIndex((m, j) => j >= read && match(m));
      if (i >= 0) {
        read = i + 1;
        return all[i]!;
      }
      const left = deadline - Date.now();
      assert.ok(left > 0, `no ${what} within ${PATIENCE_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return { ws, all, next };
}

const ohlcv = (e: KlineEvent): Expected => ({ t: e.k.t, o: e.k.o, h: e.k.h, l: e.k.l, c: e.k.c, v: e.k.v });
const isKline = (interval: string) => (m: Message): boolean => m['e'] === 'kline' && (m as unknown as KlineEvent).k.i === interval;

let sim: Simulator;

before(async () => {
  // No timed pushes here: every event these tests see comes from a subscription or a tick.
  sim = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: START, limits: { weightPerMinute: 1_000_000 }, klinePushMs: 3_600_000 });
});

after(async () => {
  await sim.close();
});

/** Steps to the end of the candle being replayed, so the feed stands between two candles. */
function finishCandle(): number {
  const feed = sim.feeds.get('BTCUSDT')!;
  while (feed.position().sub !== 0) sim.step(1);
  return feed.position().index;
}

async function rest(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.restUrl}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('REST klines', () => {
  test('coarser intervals are the aggregation of the replayed candles, the forming bucket last, on Binance bucket boundaries', async () => {
    for (const interval of ['4h', '1d', '3d', '1w', '1M']) {
      for (const path of ['klines', 'uiKlines']) {
        const { status, body } = await rest(`/api/v3/${path}?symbol=BTCUSDT&interval=${interval}&limit=1000`);
        assert.equal(status, 200);
        const rows = body as [number, string, string, string, string, string, number][];
        // The data begins on Tuesday 2024-10-01: the week and the 3 days holding it began earlier and are left out.
        const expected = aggregate(interval, 0, START).filter((k) => k.t >= data.time[0]!);
        assert.deepEqual(
          rows.map((r) => ({ t: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] })),
          expected,
          `${path} ${interval}`,
        );
        for (let i = 0; i + 1 < rows.length; i++) assert.equal(rows[i]![6], rows[i + 1]![0] - 1, `${interval} close time is the next open - 1`);
      }
    }
    const weeks = (await rest('/api/v3/klines?symbol=BTCUSDT&interval=1w')).body as number[][];
    assert.deepEqual(
      weeks.map((r) => new Date(r[0]!).toISOString()),
      ['2024-10-07T00:00:00.000Z', '2024-10-14T00:00:00.000Z', '2024-10-21T00:00:00.000Z'],
      'Monday weeks, the first whole one after the data begins',
    );
    const months = (await rest('/api/v3/klines?symbol=BTCUSDT&interval=1M')).body as number[][];
    assert.deepEqual(
      months.map((r) => [new Date(r[0]!).toISOString(), new Date(r[6]!).toISOString()]),
      [['2024-10-01T00:00:00.000Z', '2024-10-31T23:59:59.999Z']],
      'a calendar month',
    );
  });

  test('startTime, endTime and limit select among the aggregated klines', async () => {
    const days = aggregate('1d', 0, START); // the data begins at midnight: every day is whole
    const { body } = await rest(`/api/v3/klines?symbol=BTCUSDT&interval=1d&startTime=${days[3]!.t}&endTime=${days[9]!.t}&limit=4`);
    assert.deepEqual((body as number[][]).map((r) => r[0]), days.slice(3, 7).map((d) => d.t));
  });

  test('finer intervals and strings that are no interval get -1120 Invalid interval.', async () => {
    for (const interval of ['1s', '1m', '3m', '30m', '7m', '1H', 'week']) {
      const { status, body } = await rest(`/api/v3/klines?symbol=BTCUSDT&interval=${interval}`);
      assert.deepEqual([status, body], [400, { code: -1120, msg: 'Invalid interval.' }], interval);
    }
  });

  test('a time zone other than UTC is refused (-1130), not answered with UTC buckets', async () => {
    const { status, body } = await rest('/api/v3/klines?symbol=BTCUSDT&interval=1d&timeZone=8');
    assert.deepEqual([status, body], [400, { code: -1130, msg: "Data sent for parameter 'timeZone' is not valid." }]);
    assert.equal((await rest('/api/v3/klines?symbol=BTCUSDT&interval=1d&timeZone=0')).status, 200);
  });

  test('a coarser interval the replayed candles do not fit whole into is not served either', () => {
    assert.deepEqual(servedIntervals('1h'), ['1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M']);
    assert.deepEqual(servedIntervals('8h'), ['8h', '1d', '3d', '1w', '1M'], 'not 12h: the 08:00 candle straddles noon');
    assert.deepEqual(servedIntervals('1w'), ['1w'], 'not 1M: weeks straddle months');
    assert.deepEqual(servedIntervals('1m'), ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M']);
  });
});

describe('WebSocket kline streams', () => {
  test('a finer interval is refused with an error on the SUBSCRIBE id that names it, and nothing is subscribed', async () => {
    const { ws, next } = await open(`${sim.wsUrl}/ws/0`);
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_4h', 'btcusdt@kline_1m'], id: 7 }));
    const reply = await next((m) => m['id'] === 7, 'reply to SUBSCRIBE');
    const error = reply['error'] as { code: number; msg: string };
    assert.equal(error.code, 2);
    assert.match(error.msg, /^Invalid request: invalid stream btcusdt@kline_1m: 1m is finer than the replayed 1h candles/);
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1h@+08:00', 'btcusdt@kline_2d'], id: 8 }));
    assert.match(((await next((m) => m['id'] === 8, 'reply')) ['error'] as { msg: string }).msg, /UTC only/);
    ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 9 }));
    assert.deepEqual((await next((m) => m['id'] === 9, 'subscriptions'))['result'], []);
    ws.close();
  });

  test('a stream named in the URL that cannot be served gets the error frame', async () => {
    const { ws, next } = await open(`${sim.wsUrl}/stream?streams=btcusdt@kline_5m`);
    const reply = await next((m) => m['error'] !== undefined, 'error frame');
    assert.deepEqual(reply, { error: { code: 2, msg: (reply['error'] as { msg: string }).msg }, id: null });
    assert.match((reply['error'] as { msg: string }).msg, /btcusdt@kline_5m: 5m is finer/);
    ws.close();
  });

  test('the forming kline of each stream arrives on subscription, before the market moves', async () => {
    const time = sim.feeds.get('BTCUSDT')!.time;
    const { ws, next } = await open(`${sim.wsUrl}/ws/0`);
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1h', 'btcusdt@kline_4h', 'btcusdt@kline_1d'], id: 1 }));
    assert.deepEqual(await next((m) => m['id'] === 1, 'reply'), { result: null, id: 1 });
    for (const interval of ['1h', '4h', '1d']) {
      const event = (await next(isKline(interval), `a ${interval} kline`)) as unknown as KlineEvent;
      assert.deepEqual(ohlcv(event), formingBefore(interval, START), `${interval}: its bucket so far (flat when nothing of it is replayed)`);
      assert.equal(event.k.x, false);
    }
    assert.equal(sim.feeds.get('BTCUSDT')!.time, time, 'the market did not move');
    ws.close();
  });

  test('with the market still, the forming kline is pushed again every 2 s', async () => {
    const still = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: START });
    try {
      const { ws, next } = await open(`${still.wsUrl}/ws/btcusdt@kline_4h`);
      const first = (await next(isKline('4h'), 'the 4h kline on connecting')) as unknown as KlineEvent & { E: number };
      const again = (await next(isKline('4h'), 'a timed 4h push')) as unknown as KlineEvent & { E: number };
      assert.deepEqual(ohlcv(again), ohlcv(first));
      assert.equal(again.k.x, false);
      assert.equal(again.E, first.E, 'stamped on the market clock, which stands still with the market');
      ws.close();
    } finally {
      await still.close();
    }
  });

  test('stepping the market: forming klines carry the partial OHLCV, each bucket closes once with the aggregation', async () => {
    const intervals = ['1h', '4h', '1d'];
    const { ws, all, next } = await open(`${sim.wsUrl}/stream?streams=${intervals.map((i) => `btcusdt@kline_${i}`).join('/')}`);
    for (const interval of intervals) await next((m) => isKline(interval)(m['data'] as Message), `${interval} snapshot`);
    const from = finishCandle();
    const candles = 30;
    for (let i = 0; i < candles; i++) sim.step(4);
    // Frames arrive in order: once this reply is in, every event the steps sent is too.
    ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 'done' }));
    await next((m) => m['id'] === 'done', 'LIST_SUBSCRIPTIONS reply');
    ws.close();
    for (const interval of intervals) {
      const events = all.filter((m) => m['stream'] === `btcusdt@kline_${interval}`).map((m) => m['data'] as KlineEvent);
      // Closed exactly once per bucket whose last candle was replayed, equal to the whole bucket.
      const closes = events.filter((e) => e.k.x);
      const expectedCloses: Expected[] = [];
      for (let i = from; i < from + candles; i++) {
        const [first, end] = bucketRange(interval, i);
        if (end - 1 === i) expectedCloses.push(aggregate(interval, first, end)[0]!);
      }
      assert.ok(expectedCloses.length >= 1);
      assert.deepEqual(closes.map(ohlcv), expectedCloses, `${interval}: one closed kline per bucket`);
      // After each candle closes, the bucket's kline so far went out (closed or forming).
      for (let i = from; i < from + candles; i++) {
        const [first] = bucketRange(interval, i);
        const sofar = aggregate(interval, first, i + 1)[0]!;
        assert.ok(events.some((e) => JSON.stringify(ohlcv(e)) === JSON.stringify(sofar)), `${interval}: the kline after candle ${i}`);
      }
      // In order: open times never go back, and nothing of a bucket follows its close.
      for (let j = 1; j < events.length; j++) {
        assert.ok(events[j]!.k.t >= events[j - 1]!.k.t, `${interval}: event ${j} in order`);
        if (events[j - 1]!.k.x) assert.ok(events[j]!.k.t > events[j - 1]!.k.t, `${interval}: nothing after a close`);
      }
    }
  });

  test('at a fast replay speed each bucket still closes once, in order, with no event repeated', async () => {
    const { ws, all, next } = await open(`${sim.wsUrl}/ws/fast`);
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_4h'], id: 1 }));
    await next((m) => m['id'] === 1, 'reply');
    const from = finishCandle();
    sim.run(3_600_000); // a quarter of an hourly candle per ms: several ticks per timer
    try {
      for (let n = 0; n < 6; n++) await next((m) => isKline('4h')(m) && (m as unknown as KlineEvent).k.x, `closed 4h kline ${n + 1}`);
    } finally {
      sim.stop();
    }
    ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 'done' }));
    await next((m) => m['id'] === 'done', 'LIST_SUBSCRIPTIONS reply');
    ws.close();
    const to = sim.feeds.get('BTCUSDT')!.position().index;
    const events = all.filter(isKline('4h')) as unknown as KlineEvent[];
    const closes = events.filter((e) => e.k.x).map(ohlcv);
    const expected: Expected[] = [];
    for (let i = from; i < to; i++) {
      const [first, end] = bucketRange('4h', i);
      if (end - 1 === i) expected.push(aggregate('4h', first, end)[0]!);
    }
    assert.deepEqual(closes, expected);
    for (let j = 1; j < events.length; j++) {
      assert.ok(events[j]!.k.t >= events[j - 1]!.k.t, `event ${j} in order`);
      assert.notDeepEqual([ohlcv(events[j]!), events[j]!.k.x], [ohlcv(events[j - 1]!), events[j - 1]!.k.x], `event ${j} is not the previous one again`);
    }
  });
});

describe('ccxt pro', () => {
  test('watchOHLCV on a coarser interval gets its forming candle without the market moving; a finer one is an error naming it', async () => {
    const client = await binanceClient({ kind: 'simulator', restUrl: sim.restUrl, wsUrl: sim.wsUrl });
    try {
      await client.loadMarkets();
      const expected = formingBefore('1d', finishCandle());
      const candles = await client.watchOHLCV('BTC/USDT', '1d');
      const last = candles.at(-1)!;
      assert.deepEqual(
        [last[0], last[1], last[2], last[3], last[4], last[5]],
        [expected.t, Number(expected.o), Number(expected.h), Number(expected.l), Number(expected.c), Number(expected.v)],
      );
      const refused = client.watchOHLCV('BTC/USDT', '1m').then(
        () => assert.fail('a 1m watch on an hourly replay resolved'),
        (error: unknown) => error,
      );
      const error = await Promise.race([refused, new Promise((resolve) => setTimeout(() => resolve('no answer'), PATIENCE_MS))]);
      assert.match(String(error), /invalid stream btcusdt@kline_1m: 1m is finer than the replayed 1h candles/);
    } finally {
      await client.close();
    }
  });
});

describe('random walk', () => {
  test('its candles are spaced by the replayed timeframe, and coarser klines are made of them', async () => {
    const walk = await Simulator.start({ market: 'random-walk', symbols: ['BTCUSDT'], timeframe: '1h', startIndex: 100 });
    try {
      const get = async (interval: string): Promise<string[][]> => (await (await fetch(`${walk.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=${interval}&limit=1000`)).json()) as string[][];
      const hours = await get('1h');
      assert.equal(hours.length, 100);
      for (let i = 1; i < hours.length; i++) assert.equal(Number(hours[i]![0]) - Number(hours[i - 1]![0]), HOUR, `candle ${i} an hour after the one before`);
      const fours = await get('4h');
      assert.equal(fours.length, 25);
      fours.forEach((row, j) => {
        const part = hours.slice(4 * j, 4 * j + 4);
        const high = Math.max(...part.map((r) => Number(r[2])));
        const low = Math.min(...part.map((r) => Number(r[3])));
        assert.deepEqual(row.slice(0, 5), [part[0]![0], part[0]![1], high.toFixed(8), low.toFixed(8), part[3]![4]], `4h kline ${j}`);
      });
    } finally {
      await walk.close();
    }
  });

  test('on an 8h replay, 12h klines are refused on REST and WebSocket: the 08:00 candle straddles noon', async () => {
    const walk = await Simulator.start({ market: 'random-walk', symbols: ['BTCUSDT'], timeframe: '8h', startIndex: 100 });
    try {
      const res = await fetch(`${walk.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=12h`);
      assert.deepEqual([res.status, await res.json()], [400, { code: -1120, msg: 'Invalid interval.' }]);
      assert.equal((await fetch(`${walk.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1d`)).status, 200);
      const { ws, next } = await open(`${walk.wsUrl}/ws/0`);
      ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_12h'], id: 1 }));
      const reply = await next((m) => m['id'] === 1, 'reply');
      assert.match((reply['error'] as { msg: string }).msg, /invalid stream btcusdt@kline_12h: the replayed 8h candles do not fit whole into 12h buckets/);
      ws.close();
    } finally {
      await walk.close();
    }
  });
});
