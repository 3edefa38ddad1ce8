// A replayed candle series grouped into the buckets of one kline interval: which bucket each
// candle falls in, each bucket's full OHLCV, and a bucket's OHLCV up to a given candle, which is
// what a forming kline carries.
import type { CandleSeries } from '../core/index.ts';
import { bucketClose, bucketOpen } from './kline-interval.ts';
import type { KlineInterval } from './kline-interval.ts';

/** One kline: prices in quote currency, volume in base asset, times in ms (UTC). */
export interface Kline {
  readonly openTime: number;
  /** The bucket's last millisecond. */
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Ticks replayed into it (the simulator's trades). */
  readonly trades: number;
}

/** The replay's forming candle, updated tick by tick. */
export interface LiveCandle {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

/** Ticks the feed replays per candle: each full candle counts as that many trades. */
export const TICKS_PER_CANDLE = 4;

export class KlineBuckets {
  /** Bucket number of each candle. */
  readonly bucketOf: Int32Array;
  /** Per bucket: open time, index of its first and last candle. */
  readonly openTime: number[] = [];
  readonly first: number[] = [];
  readonly last: number[] = [];
  /** The newest partial aggregate asked for: forming klines grow candle by candle. */
  private cached: { readonly bucket: number; readonly end: number; readonly kline: Kline } | undefined;

  /**
   * `own`: the interval is the series' own timeframe, so each candle is its own bucket at its own
   * time (data whose candles are not aligned to the timeframe is still served as it is).
   */
  constructor(
    private readonly candles: CandleSeries,
    readonly interval: KlineInterval,
    own: boolean,
  ) {
    this.bucketOf = new Int32Array(candles.length);
    let open = NaN;
    for (let i = 0; i < candles.length; i++) {
      const t = own ? candles.time[i]! : bucketOpen(interval, candles.time[i]!);
      if (t !== open || own) {
        open = t;
        this.openTime.push(t);
        this.first.push(i);
        this.last.push(i);
      }
      this.bucketOf[i] = this.openTime.length - 1;
      this.last[this.openTime.length - 1] = i;
    }
  }

  get count(): number {
    return this.openTime.length;
  }

  /** Bucket `b` with all its candles. */
  full(b: number): Kline {
    return this.combine(b, this.first[b]!, this.last[b]! + 1, undefined);
  }

  /** Candles `first[b]` … `end - 1` of bucket `b` combined; undefined when that range is empty. */
  upTo(b: number, end: number): Kline | undefined {
    const from = this.first[b]!;
    const to = Math.min(end, this.last[b]! + 1);
    if (to <= from) return undefined;
    const hit = this.cached?.bucket === b && this.cached.end <= to ? this.cached : undefined;
    const kline = hit === undefined ? this.combine(b, from, to, undefined) : this.combine(b, hit.end, to, hit.kline);
    this.cached = { bucket: b, end: to, kline };
    return kline;
  }

  /** `seed` (the bucket's candles before `from`, if any) and candles `from` … `to - 1`. */
  private combine(b: number, from: number, to: number, seed: Kline | undefined): Kline {
    const c = this.candles;
    const open = seed?.open ?? c.open[from]!;
    let { high, low, close, volume, trades } = seed ?? { high: -Infinity, low: Infinity, close: NaN, volume: 0, trades: 0 };
    // Summed in candle order from the bucket's first candle, whether in one go or candle by candle,
    // so a closing kline event equals what /klines returns for it to the last digit.
    for (let i = from; i < to; i++) {
      if (c.high[i]! > high) high = c.high[i]!;
      if (c.low[i]! < low) low = c.low[i]!;
      close = c.close[i]!;
      volume += c.volume[i]!;
      trades += TICKS_PER_CANDLE;
    }
    return { openTime: this.openTime[b]!, closeTime: bucketClose(this.interval, this.openTime[b]!), open, high, low, close, volume, trades };
  }
}

/** A bucket's replayed candles (if any) and the candle forming in it. */
export function withLive(part: Kline | undefined, live: LiveCandle, interval: KlineInterval, openTime: number): Kline {
  if (part === undefined) {
    return { openTime, closeTime: bucketClose(interval, openTime), open: live.open, high: live.high, low: live.low, close: live.close, volume: live.volume, trades: live.trades };
  }
  return {
    ...part,
    high: Math.max(part.high, live.high),
    low: Math.min(part.low, live.low),
    close: live.close,
    volume: part.volume + live.volume,
    trades: part.trades + live.trades,
  };
}
