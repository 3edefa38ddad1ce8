// Kline streams (`<symbol>@kline_<interval>`, specs/binance-spot.md §7.2): which names the
// simulator can serve, and the event it sends for a kline.
import type { Kline } from './kline-buckets.ts';
import { isKlineInterval } from './kline-interval.ts';
import type { KlineInterval } from './kline-interval.ts';
import type { SymbolFeed } from './feed.ts';

export interface KlineStream {
  /** Upper case, as in exchangeInfo. */
  readonly symbol: string;
  readonly interval: KlineInterval;
}

/** Binance sends a kline stream's forming kline every 2000 ms (every 1000 ms for `1s`, which a replay never serves). */
export const KLINE_PUSH_MS = 2000;

const KLINE_NAME = /^([a-z0-9]+)@kline_(.+)$/;

/**
 * The kline stream `name` names; undefined when it is another kind of stream; an error text, for
 * Binance's "Invalid request: invalid stream" reply, when it is a kline stream this simulator
 * cannot serve: an unknown symbol or interval, a time-zone variant (`@+08:00`; the simulator keeps
 * UTC), or an interval the replayed candles cannot make.
 */
export function parseKlineStream(name: string, feeds: ReadonlyMap<string, SymbolFeed>): KlineStream | string | undefined {
  const match = KLINE_NAME.exec(name);
  if (match === null) return undefined;
  const symbol = match[1]!.toUpperCase();
  const interval = match[2]!;
  const feed = feeds.get(symbol);
  if (feed === undefined) return `invalid stream ${name}: the simulator has no symbol ${symbol}`;
  if (interval.includes('@')) return `invalid stream ${name}: the simulator's klines are in UTC only`;
  if (!isKlineInterval(interval)) return `invalid stream ${name}: ${interval} is not a Binance kline interval`;
  const reason = feed.unservable(interval);
  if (reason !== undefined) return `invalid stream ${name}: ${reason} (this simulator serves ${feed.timeframe} and the coarser intervals made of whole ${feed.timeframe} candles)`;
  return { symbol, interval };
}

/** The `kline` event (§7.2) for `kline`; `closed` is its `x`. Trade ids are not tracked (`f`/`L` -1). */
export function klineEvent(stream: KlineStream, kline: Kline, closed: boolean, eventTime: number): Record<string, unknown> {
  const n = (x: number): string => x.toFixed(8);
  return {
    e: 'kline',
    E: eventTime,
    s: stream.symbol,
    k: {
      t: kline.openTime,
      T: kline.closeTime,
      s: stream.symbol,
      i: stream.interval,
      f: -1,
      L: -1,
      o: n(kline.open),
      c: n(kline.close),
      h: n(kline.high),
      l: n(kline.low),
      v: n(kline.volume),
      n: kline.trades,
      x: closed,
      q: n(kline.volume * kline.close),
      V: '0',
      Q: '0',
      B: '0',
    },
  };
}
