// Slippage of an exchange instance's trades against the backtest's fill model: for every fill the
// journal holds, the price the simulated venue would have given the same order on the same candles
// (engine/fill-model.ts), and per closed trade the difference, in quote currency and in basis
// points, positive when the exchange did worse for us. Against the simulator this is what its book
// adds (the spread, walking the levels, partial fills) and the protective pair watched on closed
// candles (a stop that fires after its candle closes, at the market then); against an exchange it
// is the real thing. The model is the fill model without its `slippage` allowance.
//
// The model price of a fill, from the order the journal's `submitted` entry describes and the
// candles journaled after it (those the order could fill in):
//   - market entry or exit: the open of the next candle (as the simulated venue fills it);
//   - limit entry or exit, take-profit: the first candle whose prices reach the limit, at the
//     limit or at the open when it opened beyond it (limitFillPrice);
//   - stop-loss: the first candle that reaches the stop, at the stop or at an open beyond it (stopFillPrice).
// A trade's entry and exit fills are found by side, time and price (a trade is one FIFO lot: its
// entry fill's time and price, closed by an exit fill's). A fill whose order or candles the
// journal lacks has no model price, and its trade no slippage.
import type { Trade } from '../core/index.ts';
import { limitFillPrice, stopFillPrice } from '../engine/index.ts';
import type { JournalEntry } from '../store/index.ts';

/** The journal kinds the model reads. */
export const SLIPPAGE_KINDS = ['start', 'candle', 'order', 'fill'] as const;

/** A trade's slippage against the fill model. */
export interface TradeSlippage {
  /** The fill model's entry and exit prices, quote per base. */
  readonly entryModel: number;
  readonly exitModel: number;
  /** Cost over the trade's quantity, quote currency; positive = worse for us than the model. */
  readonly quote: number;
  /** Entry plus exit slippage, basis points of each model price; positive = worse for us. */
  readonly bps: number;
}

/** Slippage over a set of trades: mean and 95th percentile (nearest rank) of bps, total cost in quote. */
export interface SlippageSummary {
  /** Trades with a known slippage. */
  readonly trades: number;
  readonly meanBps: number;
  readonly p95Bps: number;
  readonly totalQuote: number;
}

interface CandleRow {
  readonly id: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
}

interface SubmittedOrder {
  readonly id: number;
  readonly type: string;
  readonly role: string;
  readonly price?: number;
}

/** Model prices of an instance's fills, by fill key (side, time, price). */
export class FillModelPrices {
  private readonly byFill = new Map<string, number>();

  /** `entries`: one instance's journal entries of SLIPPAGE_KINDS, oldest first, every run of it. */
  constructor(entries: readonly JournalEntry[]) {
    const candles: CandleRow[] = [];
    let orders = new Map<number, SubmittedOrder>();
    const fills: { order: SubmittedOrder; side: string; time: number; price: number }[] = [];
    for (const entry of entries) {
      const d = entry.data as Record<string, unknown>;
      if (entry.kind === 'start') orders = new Map(); // a new kernel: its order ids start again
      else if (entry.kind === 'candle') candles.push({ id: entry.id, open: d['open'] as number, high: d['high'] as number, low: d['low'] as number });
      else if (entry.kind === 'order' && d['event'] === 'submitted') {
        orders.set(d['orderId'] as number, { id: entry.id, type: String(d['type']), role: String(d['role']), ...(typeof d['price'] === 'number' ? { price: d['price'] } : {}) });
      } else if (entry.kind === 'fill') {
        const order = orders.get(d['orderId'] as number);
        if (order !== undefined) fills.push({ order, side: String(d['side']), time: d['time'] as number, price: d['price'] as number });
      }
    }
    for (const fill of fills) {
      const model = modelPrice(fill.order, fill.side === 'buy', candles);
      if (!Number.isNaN(model)) this.byFill.set(fillKey(fill.side, fill.time, fill.price), model);
    }
  }

  /** The trade's slippage, or null when the model price of its entry or exit fill is not known. */
  of(trade: Trade): TradeSlippage | null {
    const long = trade.side === 'long';
    const entryModel = this.byFill.get(fillKey(long ? 'buy' : 'sell', trade.entryTime, trade.entryPrice));
    const exitModel = this.byFill.get(fillKey(long ? 'sell' : 'buy', trade.exitTime, trade.exitPrice));
    if (entryModel === undefined || exitModel === undefined) return null;
    // Per unit, positive = worse: a buy paid more than the model, a sell got less.
    const entryCost = long ? trade.entryPrice - entryModel : entryModel - trade.entryPrice;
    const exitCost = long ? exitModel - trade.exitPrice : trade.exitPrice - exitModel;
    return {
      entryModel,
      exitModel,
      quote: (entryCost + exitCost) * Math.abs(trade.qty),
      bps: (entryCost / entryModel + exitCost / exitModel) * 10_000,
    };
  }
}

/** Mean and p95 of the known slippages' bps and their total cost; zeros over none. */
export function summarizeSlippage(slippages: readonly (TradeSlippage | null)[]): SlippageSummary {
  const known = slippages.filter((s): s is TradeSlippage => s !== null);
  if (known.length === 0) return { trades: 0, meanBps: 0, p95Bps: 0, totalQuote: 0 };
  const bps = known.map((s) => s.bps).sort((a, b) => a - b);
  return {
    trades: known.length,
    meanBps: bps.reduce((sum, x) => sum + x, 0) / bps.length,
    p95Bps: bps[Math.ceil(0.95 * bps.length) - 1]!,
    totalQuote: known.reduce((sum, s) => sum + s.quote, 0),
  };
}

function fillKey(side: string, time: number, price: number): string {
  return `${side}|${time}|${price}`;
}

/** The fill model's price for `order` over the candles journaled after it; NaN when none fills it. */
function modelPrice(order: SubmittedOrder, isBuy: boolean, candles: readonly CandleRow[]): number {
  const first = firstAfter(candles, order.id);
  for (let i = first; i < candles.length; i++) {
    const { open, high, low } = candles[i]!;
    if (order.type === 'market') return open;
    if (order.price === undefined) return NaN;
    // A stop closes a long with a sell: it watches the price falling to it.
    const price = order.role === 'stop-loss' ? stopFillPrice(!isBuy, order.price, open, high, low) : limitFillPrice(isBuy, order.price, open, high, low);
    if (!Number.isNaN(price)) return price;
  }
  return NaN;
}

/** Index of the first candle written after journal entry `id` (binary search: candles are in id order). */
function firstAfter(candles: readonly CandleRow[], id: number): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candles[mid]!.id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
