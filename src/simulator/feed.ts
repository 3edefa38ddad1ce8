// The simulator's market: each symbol replays real candles (or a seeded random walk) as a path
// of four ticks per candle — open, the nearer extreme, the farther extreme, close — each with a
// quarter of the candle's volume. Market time is the replayed data's own time; it advances only
// when the feed steps, so tests step it by hand and the CLI steps it on a timer at --speed. Its
// klines are those of the replayed timeframe and of the coarser intervals made of whole candles.
import { seededRng, timeframeMs } from '../core/index.ts';
import type { CandleSeries, Timeframe } from '../core/index.ts';
import { emptySeries } from '../core/index.ts';
import { decFromNumber } from './decimal.ts';
import type { Dec } from './decimal.ts';
import { KlineBuckets, TICKS_PER_CANDLE, withLive } from './kline-buckets.ts';
import type { Kline, LiveCandle } from './kline-buckets.ts';
import { bucketClose, unservable } from './kline-interval.ts';
import type { KlineInterval } from './kline-interval.ts';

export interface Tick {
  readonly symbol: string;
  /** Market time of the tick. */
  readonly time: number;
  readonly price: Dec;
  readonly previous: Dec;
  readonly volume: Dec;
  /** Index of the replayed candle the tick belongs to. */
  readonly index: number;
  /** That candle as replayed so far, complete once `closed`. */
  readonly candle: LiveCandle;
  readonly closed: boolean;
}

export class SymbolFeed {
  /** Index of the candle being replayed. */
  private index: number;
  private sub = 0;
  private price: Dec;
  private readonly buckets = new Map<KlineInterval, KlineBuckets>();
  readonly live: LiveCandle;

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
    private readonly candles: CandleSeries,
    start: number,
  ) {
    if (candles.length < 2) throw new Error(`${symbol}: not enough candles to replay`);
    this.index = Math.min(Math.max(start, 1), candles.length - 1);
    this.price = decFromNumber(candles.close[this.index - 1]!);
    this.live = this.freshCandle();
  }

  get lastPrice(): Dec {
    return this.price;
  }

  /** Volume of one tick of the last candle: the book's liquidity before the first step. */
  get tickVolume(): number {
    return this.candles.volume[Math.min(this.index, this.candles.length) - 1]! / TICKS_PER_CANDLE;
  }

  /** Market time: the time of the last tick. */
  get time(): number {
    return this.candles.time[this.index]! + (this.sub * timeframeMs(this.timeframe)) / TICKS_PER_CANDLE;
  }

  /** Moves to the next tick; after the last candle the replay starts again from its beginning. */
  step(): Tick {
    if (this.index >= this.candles.length) this.index = 1;
    const i = this.index;
    const c = this.candles;
    const bullish = c.close[i]! >= c.open[i]!;
    const path = bullish ? [c.open[i]!, c.low[i]!, c.high[i]!, c.close[i]!] : [c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!];
    const previous = this.price;
    const value = path[this.sub]!;
    this.price = decFromNumber(value);
    const volume = c.volume[i]! / TICKS_PER_CANDLE;
    if (this.sub === 0) Object.assign(this.live, this.freshCandle());
    const live = this.live;
    live.high = Math.max(live.high, value);
    live.low = Math.min(live.low, value);
    live.close = value;
    live.volume += volume;
    live.trades++;
    const time = this.time;
    const closed = this.sub === TICKS_PER_CANDLE - 1;
    if (closed) {
      this.sub = 0;
      this.index++;
    } else {
      this.sub++;
    }
    return { symbol: this.symbol, time, price: this.price, previous, volume: decFromNumber(volume), index: i, candle: live, closed };
  }

  /** Where the replay stands, for saving the simulator's state. */
  position(): { index: number; sub: number; price: string } {
    return { index: this.index, sub: this.sub, price: this.price.toString() };
  }

  seek(position: { index: number; sub: number; price: string }): void {
    this.index = position.index;
    this.sub = position.sub;
    this.price = BigInt(position.price);
  }

  /** Why this feed cannot make `interval` klines, or undefined when it can. */
  unservable(interval: KlineInterval): string | undefined {
    return unservable(this.timeframe, interval);
  }

  /**
   * Klines of `interval` (one the feed can serve) with `openTime` in [startTime, endTime], oldest
   * first, at most `limit`: the oldest ones when `startTime` is given, else the newest. The buckets
   * whose candles have all been replayed, then the one forming if anything has been replayed into
   * it (a bucket nothing has reached yet is left out, as before its first trade). A first bucket
   * that opens before the data begins is left out too: its earlier candles are unknown, and the
   * part would pass for a whole week or day (`data resample` keeps only whole buckets too).
   */
  klines(interval: KlineInterval, startTime: number | undefined, endTime: number | undefined, limit: number): Kline[] {
    const buckets = this.bucketsOf(interval);
    const replayed = Math.min(this.index, this.candles.length);
    const wanted = (t: number): boolean => (startTime === undefined || t >= startTime) && (endTime === undefined || t <= endTime);
    const rows: (number | Kline)[] = []; // bucket numbers of closed klines, then the forming kline
    const whole = buckets.openTime[0]! < this.candles.time[0]! ? 1 : 0;
    for (let b = whole; b < buckets.count && buckets.last[b]! < replayed; b++) if (wanted(buckets.openTime[b]!)) rows.push(b);
    const forming = this.forming(interval);
    if (forming !== undefined && forming.trades > 0 && wanted(forming.openTime)) rows.push(forming);
    const picked = startTime === undefined ? rows.slice(-limit) : rows.slice(0, limit);
    return picked.map((row) => (typeof row === 'number' ? buckets.full(row) : row));
  }

  /**
   * The kline of `interval` the market is in now: what has been replayed of its bucket, or a flat
   * kline at the last price with no volume when nothing has yet (specs §7.2 [sim-rec]). Undefined
   * once the last candle has closed, until the replay starts again.
   */
  forming(interval: KlineInterval): Kline | undefined {
    if (this.index >= this.candles.length) return undefined;
    const buckets = this.bucketsOf(interval);
    const b = buckets.bucketOf[this.index]!;
    const openTime = buckets.openTime[b]!;
    const part = buckets.upTo(b, this.index);
    if (this.sub > 0) return withLive(part, this.live, interval, openTime);
    if (part !== undefined) return part;
    const price = Number(this.price) / 1e8;
    return { openTime, closeTime: bucketClose(interval, openTime), open: price, high: price, low: price, close: price, volume: 0, trades: 0 };
  }

  /**
   * The kline of `interval` as `tick` (the feed's latest) left it, and whether the tick closed it:
   * true exactly when it ends the last replayed candle of the bucket.
   */
  afterTick(interval: KlineInterval, tick: Tick): { kline: Kline; closed: boolean } {
    const buckets = this.bucketsOf(interval);
    const b = buckets.bucketOf[tick.index]!;
    if (!tick.closed) return { kline: withLive(buckets.upTo(b, tick.index), tick.candle, interval, buckets.openTime[b]!), closed: false };
    return { kline: buckets.upTo(b, tick.index + 1)!, closed: buckets.last[b] === tick.index };
  }

  private bucketsOf(interval: KlineInterval): KlineBuckets {
    let buckets = this.buckets.get(interval);
    if (buckets === undefined) {
      const reason = this.unservable(interval);
      if (reason !== undefined) throw new Error(`${this.symbol}: ${reason}`);
      buckets = new KlineBuckets(this.candles, interval, interval === this.timeframe);
      this.buckets.set(interval, buckets);
    }
    return buckets;
  }

  private freshCandle(): LiveCandle {
    const i = Math.min(this.index, this.candles.length - 1);
    const open = this.candles.open[i]!;
    return { openTime: this.candles.time[i]!, open, high: open, low: open, close: open, volume: 0, trades: 0 };
  }
}

/** A seeded geometric random walk as candles `stepMs` apart, for a market that is not the replayed history. */
export function randomWalkCandles(seed: number, startPrice: number, count: number, startTime: number, stepMs: number): CandleSeries {
  const rng = seededRng(seed);
  const s = emptySeries(count);
  let price = startPrice;
  for (let i = 0; i < count; i++) {
    const close = price * Math.exp((rng.next() - 0.5) * 0.004);
    const wiggle = price * rng.next() * 0.001;
    s.time[i] = startTime + i * stepMs;
    s.open[i] = price;
    s.high[i] = Math.max(price, close) + wiggle;
    s.low[i] = Math.min(price, close) - wiggle;
    s.close[i] = close;
    s.volume[i] = 5 + rng.next() * 50;
    price = close;
  }
  return s;
}
