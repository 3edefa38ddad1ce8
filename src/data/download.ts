// Candle download from an exchange into the store: paginated, resumable, one transaction per
// page, so an interrupted download keeps every page it finished. A candle is stored only once its
// close time has passed on the EXCHANGE's clock (its server time, asked once per download): a
// venue's last row may still be forming whatever the length of the page, and our own clock may be
// ahead of the venue's. A run resumes AT the newest stored candle, fetching it again, so a candle
// an older version stored before it had closed is overwritten with its final prices.
import { InputError, timeframeMs } from '../core/index.ts';
import type { Candle, Timeframe } from '../core/index.ts';
import type { Exchange } from '../exchange/index.ts';
import type { Store } from '../store/index.ts';

export interface DownloadRequest {
  readonly exchange: Exchange;
  readonly store: Store;
  /** Name the candles are stored under (e.g. binance). */
  readonly venue: string;
  /** Unified symbol, e.g. BTC/USDT; stored as the venue id (BTCUSDT). */
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly since: number;
  readonly until?: number;
  readonly pageSize?: number;
  readonly onPage?: (stored: number, newest: number) => void;
}

export interface DownloadResult {
  /** Candles newly stored (the re-fetched newest candle of a resumed run is not counted). */
  readonly stored: number;
  /** 1 when the newest stored candle had other prices than the venue's closed one and was corrected. */
  readonly corrected: number;
  readonly first: number | undefined;
  readonly last: number | undefined;
  readonly resumedFrom: number | undefined;
}

/**
 * Downloads closed candles of `symbol` from `since` (ms, inclusive) to `until` (exclusive) into
 * the store, continuing at the newest stored candle when there is one.
 * @throws InputError when the venue has no such market; exchange errors pass through.
 */
export async function downloadCandles(request: DownloadRequest): Promise<DownloadResult> {
  const { exchange, store, timeframe } = request;
  const markets = await exchange.loadMarkets();
  const market = markets.find((m) => m.symbol === request.symbol);
  if (market === undefined) throw new InputError(`${exchange.id} has no market ${request.symbol}`, { field: 'symbol' });
  const span = timeframeMs(timeframe);
  const until = request.until ?? Number.MAX_SAFE_INTEGER;
  const pageSize = request.pageSize ?? 1000;
  const serverTime = await exchange.fetchTime();
  const newestStored = store.candles.list().find((s) => s.exchange === request.venue && s.symbol === market.id && s.timeframe === timeframe)?.last;
  const resumedFrom = newestStored !== undefined && newestStored + span > request.since ? newestStored : undefined;
  const previous = resumedFrom === undefined ? undefined : store.candles.load(request.venue, market.id, timeframe, { from: resumedFrom, to: resumedFrom + 1 });
  let cursor = resumedFrom ?? request.since;
  let stored = 0;
  let corrected = 0;
  let first: number | undefined;
  let last: number | undefined;
  for (;;) {
    const rows = await exchange.fetchCandles(request.symbol, timeframe, cursor, pageSize);
    const page = rows.filter((r) => r[0] >= cursor && r[0] < until);
    const closed = page.filter((r) => r[0] + span <= serverTime);
    if (closed.length === 0) break;
    const candles: Candle[] = closed.map(([time, open, high, low, close, volume]) => ({ time, open, high, low, close, volume }));
    const again = previous !== undefined && previous.length > 0 && candles[0]!.time === previous.time[0] ? candles[0]! : undefined;
    if (again !== undefined && (again.open !== previous!.open[0] || again.high !== previous!.high[0] || again.low !== previous!.low[0] || again.close !== previous!.close[0] || again.volume !== previous!.volume[0])) corrected = 1;
    stored += store.candles.insert(request.venue, market.id, timeframe, candles) - (again === undefined ? 0 : 1);
    const fresh = again === undefined ? candles : candles.slice(1);
    if (fresh.length > 0) first ??= fresh[0]!.time;
    last = candles.at(-1)!.time;
    request.onPage?.(stored, last);
    // A forming candle in the page means the history is exhausted; so does reaching `until`.
    if (closed.length < page.length || last + span >= until) break;
    cursor = last + span;
  }
  return { stored, corrected, first, last: first === undefined ? undefined : last, resumedFrom: resumedFrom === undefined ? undefined : resumedFrom + span };
}
