// The simulator's market: each symbol replays real candles (or a seeded random walk) as a path
// of four ticks per candle — open, the nearer extreme, the farther extreme, close — each with a
// quarter of the candle's volume. Market time is the replayed data's own time; it advances only
// when the feed steps, so tests step it by hand and the CLI steps it on a timer at --speed.
import { seededRng, timeframeMs } from '../core/index.ts';
import type { CandleSeries, Timeframe } from '../core/index.ts';
import { emptySeries } from '../core/index.ts';
import { resample } from '../data/index.ts';
import { decFromNumber } from './decimal.ts';
import type { Dec } from './decimal.ts';

export interface Tick {
  readonly symbol: string;
  /** Market time of the tick. */
  readonly time: number;
  readonly price: Dec;
  readonly previous: Dec;
  readonly volume: Dec;
  /** The candle this tick belongs to, complete once `closed`. */
  readonly candle: LiveCandle;
  readonly closed: boolean;
}

export interface LiveCandle {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

export interface Kline {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

const TICKS_PER_CANDLE = 4;

export class SymbolFeed {
  /** Index of the candle being replayed. */
  private index: number;
  private sub = 0;
  private price: Dec;
  private readonly resampled = new Map<Timeframe, CandleSeries>();
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
    return { symbol: this.symbol, time, price: this.price, previous, volume: decFromNumber(volume), candle: live, closed };
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

  /** Closed candles of `interval` up to the replay position, plus the open one for the feed's own timeframe. */
  klines(interval: Timeframe, startTime: number | undefined, endTime: number | undefined, limit: number): Kline[] {
    const source = interval === this.timeframe ? this.candles : this.resampledTo(interval);
    if (source === undefined) return [];
    const now = this.time;
    const span = timeframeMs(interval);
    const out: Kline[] = [];
    for (let i = 0; i < source.length; i++) {
      const t = source.time[i]!;
      if (t + span > now) break;
      out.push({ openTime: t, open: source.open[i]!, high: source.high[i]!, low: source.low[i]!, close: source.close[i]!, volume: source.volume[i]! });
    }
    if (interval === this.timeframe && this.sub > 0) out.push({ ...this.live });
    const inRange = out.filter((k) => (startTime === undefined || k.openTime >= startTime) && (endTime === undefined || k.openTime <= endTime));
    return startTime === undefined ? inRange.slice(-limit) : inRange.slice(0, limit);
  }

  private resampledTo(interval: Timeframe): CandleSeries | undefined {
    const own = timeframeMs(this.timeframe);
    const target = timeframeMs(interval);
    if (target < own || target % own !== 0) return undefined;
    let series = this.resampled.get(interval);
    if (series === undefined) {
      series = resample(this.candles, this.timeframe, interval).series;
      this.resampled.set(interval, series);
    }
    return series;
  }

  private freshCandle(): LiveCandle {
    const i = Math.min(this.index, this.candles.length - 1);
    const open = this.candles.open[i]!;
    return { openTime: this.candles.time[i]!, open, high: open, low: open, close: open, volume: 0, trades: 0 };
  }
}

/** A seeded geometric random walk as 1m candles, for a market that is not the replayed history. */
export function randomWalkCandles(seed: number, startPrice: number, count: number, startTime: number): CandleSeries {
  const rng = seededRng(seed);
  const s = emptySeries(count);
  let price = startPrice;
  for (let i = 0; i < count; i++) {
    const close = price * Math.exp((rng.next() - 0.5) * 0.004);
    const wiggle = price * rng.next() * 0.001;
    s.time[i] = startTime + i * 60_000;
    s.open[i] = price;
    s.high[i] = Math.max(price, close) + wiggle;
    s.low[i] = Math.min(price, close) - wiggle;
    s.close[i] = close;
    s.volume[i] = 5 + rng.next() * 50;
    price = close;
  }
  return s;
}
