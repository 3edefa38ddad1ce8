// Candle download from an exchange into the store: paginated, resumable (it continues after the
// newest stored candle), one transaction per page, so an interrupted download keeps every page
// it finished. The newest candle a venue returns may still be forming; it is never stored.
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
  readonly stored: number;
  readonly first: number | undefined;
  readonly last: number | undefined;
  readonly resumedFrom: number | undefined;
}

export async function downloadCandles(request: DownloadRequest): Promise<DownloadResult> {
  const { exchange, store, timeframe } = request;
  const markets = await exchange.loadMarkets();
  const market = markets.find((m) => m.symbol === request.symbol);
  if (market === undefined) throw new InputError(`${exchange.id} has no market ${request.symbol}`, { field: 'symbol' });
  const span = timeframeMs(timeframe);
  const until = request.until ?? Number.MAX_SAFE_INTEGER;
  const newestStored = store.candles.list().find((s) => s.exchange === request.venue && s.symbol === market.id && s.timeframe === timeframe)?.last;
  const resumedFrom = newestStored !== undefined && newestStored + span > request.since ? newestStored + span : undefined;
  let cursor = resumedFrom ?? request.since;
  let stored = 0;
  let first: number | undefined;
  let last: number | undefined;
  for (;;) {
    const rows = await exchange.fetchCandles(request.symbol, timeframe, cursor, request.pageSize ?? 1000);
    const page = rows.filter((r) => r[0] >= cursor && r[0] < until);
    // The last row of the last page may be the candle still forming: keep it for the next run.
    const complete = rows.length < (request.pageSize ?? 1000) ? page.slice(0, -1) : page;
    if (complete.length === 0) break;
    const candles: Candle[] = complete.map(([time, open, high, low, close, volume]) => ({ time, open, high, low, close, volume }));
    stored += store.candles.insert(request.venue, market.id, timeframe, candles);
    first ??= candles[0]!.time;
    last = candles.at(-1)!.time;
    request.onPage?.(stored, last);
    if (complete.length < page.length || last + span >= until) break;
    cursor = last + span;
  }
  return { stored, first, last, resumedFrom };
}
