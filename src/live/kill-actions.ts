// What a kill and a close-all do at the exchange for one instance: cancel every open order, and
// sell the position at market within the exchange's filters. Both only ever reduce exposure and
// neither sends anything new beyond the closing sell, so they bypass the risk engine on purpose
// (the halt they follow would refuse an exit): they are the operator's hand, not the strategy's.
import { ExchangeError, NetworkError, roundDownToStep, toStepString } from '../core/index.ts';
import type { Market } from '../core/index.ts';
import type { Exchange, VenueOrder } from '../exchange/index.ts';
import { isFinal } from '../execution/index.ts';
import type { FillEvent, OrderManager, OrderStatus } from '../execution/index.ts';
import type { RiskEngine } from '../risk/index.ts';
import type { OrderStore } from '../store/index.ts';

/** One instance as the kill switch reaches it. */
export interface KillTarget {
  /** The instance name: the prefix of its clientOrderIds (`<instance>-<sequence>`). */
  readonly instance: string;
  /** The instance's order manager: cancels and the closing sell go through it, journaled. */
  readonly manager: OrderManager;
  /** The order journal the manager writes (the store's orders). */
  readonly journal: Pick<OrderStore, 'notFinal' | 'all' | 'get'>;
  /** The instance's exchange: open orders the journal lacks, and the free balance a sell may take. */
  readonly exchange: Pick<Exchange, 'fetchOpenOrders' | 'cancelOrder' | 'fetchBalance' | 'fetchCandles'>;
  /** The market the instance trades (lot step, min notional, base asset). */
  readonly market: Market;
  /** The instance's risk engine in a running fleet (halted by an instance flag); absent when acting without a fleet. */
  readonly risk?: RiskEngine;
}

export interface CancelReport {
  readonly instance: string;
  /** clientOrderIds the exchange confirmed cancelled (or found already ended). */
  readonly canceled: readonly string[];
  /** clientOrderIds whose cancel was not confirmed (a network error, or an order of unknown outcome the exchange does not show). */
  readonly unconfirmed: readonly string[];
  /** True when the orders rested on a paper or shadow instance's own venue (named `<instance> simulated order <id>`), not at an exchange. */
  readonly simulated?: boolean;
}

export interface SellReport {
  readonly instance: string;
  readonly symbol: string;
  /** The position on record (from the journal's fills), base quantity. */
  readonly position: number;
  /** Base quantity sold, a decimal string on the lot step; null when nothing was sold. */
  readonly sold: string | null;
  readonly clientOrderId: string | null;
  /** The sell's final status, or why it failed. */
  readonly status: string | null;
  /** Base quantity left unsold: under one lot step, under the min notional, or beyond the free balance. */
  readonly dust: number;
  /** Why the dust could not be sold; empty when there is none. */
  readonly dustReason: string;
  /** Fill price of a paper instance's sell on the simulated venue, quote per base (it has no clientOrderId). */
  readonly price?: number;
  /** What the outcome line says besides (a shadow instance holds no position). */
  readonly note?: string;
}

/**
 * Cancels every open order of the instance: those the journal holds as not final (through the
 * order manager, which journals the outcome), then any order of the instance (clientOrderId
 * `<instance>-<n>`) the exchange still lists as open for the market, whatever the journal says of
 * it (one it holds as final is corrected and cancelled at the exchange). An order is reported
 * canceled only once the exchange confirmed it ended; else unconfirmed. An order whose outcome is
 * unknown is cancelled by its clientOrderId but never sent or resent here.
 */
export async function cancelOpenOrders(target: KillTarget): Promise<CancelReport> {
  const { instance, manager, journal, exchange, market } = target;
  const canceled: string[] = [];
  const unconfirmed = new Set<string>();
  for (const order of journal.notFinal(instance)) {
    const after = await manager.cancel(order.clientOrderId);
    if (isFinal(after.status as OrderStatus)) canceled.push(order.clientOrderId);
    else unconfirmed.add(order.clientOrderId);
  }
  const own = new RegExp(`^${escapeRegExp(instance)}-\\d+$`);
  let open: VenueOrder[] = [];
  try {
    open = (await exchange.fetchOpenOrders(market.symbol)).filter((o) => own.test(o.clientOrderId));
  } catch (error) {
    if (!(error instanceof NetworkError || error instanceof ExchangeError)) throw error;
  }
  for (const order of open) {
    if (canceled.includes(order.clientOrderId)) continue;
    if (await cancelListed(target, order)) {
      canceled.push(order.clientOrderId);
      unconfirmed.delete(order.clientOrderId);
    } else unconfirmed.add(order.clientOrderId);
  }
  return { instance, canceled, unconfirmed: [...unconfirmed] };
}

/**
 * Cancels one of the instance's orders the exchange lists as open; true once the exchange confirmed
 * it ended. An order the journal lacks goes straight to the exchange (the journal cannot cancel
 * it); one on record goes through the manager even when the journal calls it final (the exchange's
 * list says otherwise: the record is corrected and the cancel sent).
 */
async function cancelListed(target: KillTarget, order: VenueOrder): Promise<boolean> {
  const { manager, journal, exchange, market } = target;
  try {
    if (journal.get(order.clientOrderId) === undefined) return (await exchange.cancelOrder(market.symbol, order.clientOrderId)).status !== 'open';
    return isFinal((await manager.cancelListed(order)).status as OrderStatus);
  } catch (error) {
    if (!(error instanceof NetworkError || error instanceof ExchangeError)) throw error;
    return false;
  }
}

/**
 * Sells the instance's position at market: the base quantity its journal's fills hold (buys less
 * sells less commission taken in the base asset), capped by the exchange's free balance, rounded
 * down to the lot step. What is left, or all of it when the sell would be under the min notional
 * at `price` (quote per base; default the close of the exchange's latest 1h candle), is reported
 * as dust. Throws NetworkError / ExchangeError from the balance or price lookups.
 */
export async function sellPosition(target: KillTarget, price?: number): Promise<SellReport> {
  const { instance, manager, journal, exchange, market } = target;
  const position = positionOnRecord(journal.all(instance), market.base);
  const none = { instance, symbol: market.symbol, position, sold: null, clientOrderId: null, status: null };
  if (!(position > 0)) return { ...none, dust: 0, dustReason: '' };
  price ??= await lastPrice(target);
  const free = (await exchange.fetchBalance())[market.base]?.free ?? 0;
  const held = Math.min(position, free);
  const amount = roundDownToStep(held, market.lotStep);
  const capped = free < position ? `; the exchange's free ${market.base} is ${free}` : '';
  if (!(amount > 0) || amount < market.minQty) {
    return { ...none, dust: position, dustReason: `${position} ${market.base} is under one lot step (${market.lotStep})${capped}` };
  }
  if (amount * price < market.minNotional) {
    return { ...none, dust: position, dustReason: `${amount} ${market.base} at ${price} is under the min notional ${market.minNotional} ${market.quote}${capped}` };
  }
  const sold = toStepString(amount, market.lotStep, 'down');
  const order = await manager.submit({ symbol: market.symbol, side: 'sell', kind: 'market', amount: sold, decisionPrice: price });
  const left = Math.max(0, position - (order.status === 'filled' ? amount : 0));
  const dustReason = left <= 0 ? '' : order.status === 'filled' ? `under one lot step (${market.lotStep})${capped}` : `the sell ended ${order.status}${order.rejectReason === null ? '' : `: ${order.rejectReason}`}`;
  return { ...none, sold, clientOrderId: order.clientOrderId, status: order.status, dust: roundDust(left), dustReason };
}

/** Base quantity held according to the journal's fills (commission charged in `base` deducted). */
export function positionOnRecord(orders: readonly { side: 'buy' | 'sell'; fills: string }[], base: string): number {
  let held = 0;
  for (const order of orders) {
    for (const fill of JSON.parse(order.fills) as FillEvent[]) {
      held += order.side === 'buy' ? fill.amount : -fill.amount;
      if (fill.feeCurrency === base) held -= fill.fee;
    }
  }
  return roundDust(held);
}

/** The close of the exchange's latest 1h candle: 1h because every venue (the simulator too) serves it. */
async function lastPrice(target: KillTarget): Promise<number> {
  const [latest] = (await target.exchange.fetchCandles(target.market.symbol, '1h', undefined, 1)).slice(-1);
  if (latest === undefined) throw new ExchangeError(`no candle for ${target.market.symbol} to price the close-all sell`);
  return latest[4];
}

/** Float sums of decimal fills leave 1e-17 residues; a position is known to 1e-12 base. */
function roundDust(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
