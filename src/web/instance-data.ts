// What the instance page reads from the API: the live journal (candles, balances, orders, fills,
// trades), open orders, and the backtest of the instance's config over the window it traded.
import { api } from './api.ts';
import type { CandlePoint, LinePoint, TradeMark } from './charts.ts';
import { list, numberOf, rec, textOf, timeOf } from './read.ts';

/** One journal entry as the API lists it. */
export interface JournalItem {
  readonly id: number;
  readonly time: number | null;
  readonly kind: string;
  readonly candleTime: number | null;
  readonly data: Record<string, unknown>;
}

/** A closed trade: times UTC ms, prices and P&L in quote currency. */
export interface TradeItem {
  readonly entryTime: number | null;
  readonly exitTime: number | null;
  readonly side: string;
  readonly qty: number | null;
  readonly entryPrice: number | null;
  readonly exitPrice: number | null;
  readonly pnl: number | null;
  readonly exitReason: string;
}

const path = (name: string, rest: string): string => `/instances/${encodeURIComponent(name)}${rest}`;

/**
 * The newest `limit` journal entries of the given kinds (all when none) of the instance's latest
 * run (its last start entry on: a run again on the same journal replays the market anew, and
 * earlier runs' candles, fills and balances would be drawn beside this run's), oldest first.
 * @throws ApiError
 */
export async function journal(name: string, kinds: readonly string[], limit: number): Promise<JournalItem[]> {
  const query = new URLSearchParams({ instance: name, limit: String(limit), latestSession: 'true' });
  if (kinds.length > 0) query.set('kind', kinds.join(','));
  return list(await api<unknown>('GET', `/journal?${query}`)).map((value) => {
    const r = rec(value);
    return { id: numberOf(r, 'id') ?? 0, time: timeOf(r, 'time', 'at', 'writtenAt'), kind: textOf(r, 'kind'), candleTime: timeOf(r, 'candleTime'), data: rec(r.data) };
  });
}

/** Candles out of the journal's candle entries. */
export function candlesOf(entries: readonly JournalItem[]): CandlePoint[] {
  const out: CandlePoint[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'candle') continue;
    const d = entry.data;
    const time = timeOf(d, 'time', 'openTime') ?? entry.candleTime;
    const [open, high, low, close] = [numberOf(d, 'open'), numberOf(d, 'high'), numberOf(d, 'low'), numberOf(d, 'close')];
    if (time !== null && open !== null && high !== null && low !== null && close !== null) out.push({ time, open, high, low, close });
  }
  return out;
}

/** The equity curve out of the journal's balance entries (equity at each candle's close). */
export function equityOf(entries: readonly JournalItem[]): LinePoint[] {
  const out: LinePoint[] = [];
  for (const entry of entries) {
    const equity = entry.kind === 'balance' ? numberOf(entry.data, 'equity') : null;
    if (equity !== null && entry.candleTime !== null) out.push({ time: entry.candleTime, value: equity });
  }
  return out;
}

/** Buy and sell markers out of the journal's fills. */
export function marksOf(entries: readonly JournalItem[]): TradeMark[] {
  const out: TradeMark[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'fill') continue;
    const d = rec(entry.data.fill ?? entry.data);
    const side = textOf(d, 'side');
    const time = timeOf(d, 'time') ?? entry.candleTime;
    if ((side === 'buy' || side === 'sell') && time !== null) out.push({ time, side, text: side === 'buy' ? 'B' : 'S' });
  }
  return out;
}

/** The instance's closed trades. @throws ApiError */
export async function trades(name: string): Promise<TradeItem[]> {
  return list(await api<unknown>('GET', path(name, '/trades'))).map((value) => {
    const r = rec(value);
    return { entryTime: timeOf(r, 'entryTime'), exitTime: timeOf(r, 'exitTime'), side: textOf(r, 'side'), qty: numberOf(r, 'qty'), entryPrice: numberOf(r, 'entryPrice'), exitPrice: numberOf(r, 'exitPrice'), pnl: numberOf(r, 'pnl'), exitReason: textOf(r, 'exitReason') };
  });
}

/** The instance's open exchange orders (none for paper and shadow instances), as the API lists them. @throws ApiError */
export async function openOrders(name: string): Promise<Record<string, unknown>[]> {
  return list(await api<unknown>('GET', path(name, '/orders')), 'open').map(rec);
}

/**
 * The backtest's equity curve for the instance's config over [from, to] (UTC ms), from the API's
 * expectation route (a backtest of the same config over the same candles).
 * @throws ApiError; a missing route is shown as "not available".
 */
export async function expectedEquity(name: string, from: number, to: number): Promise<LinePoint[]> {
  const body = await api<unknown>('GET', path(name, `/expectation?from=${from}&to=${to}`));
  return list(body, 'equity').flatMap((value) => {
    const r = rec(value);
    const time = timeOf(r, 'time');
    const equity = numberOf(r, 'equity', 'value');
    return time !== null && equity !== null ? [{ time, value: equity }] : [];
  });
}
