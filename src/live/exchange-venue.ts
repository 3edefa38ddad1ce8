// The live venue: the kernel's venue port over the OrderManager and any Exchange adapter. It
// answers later: `submit` returns at once, the order is sized, journaled and sent in the
// background, and its fills, refusal or cancellation reach the kernel through the listener when
// the venue reports them, so the portfolio is fed by the venue's fills only.
//
// It keeps the simulated venue's conventions (engine/simulated-venue.ts): one working order, a
// newer entry or exit cancelling the unfilled one first; the protective pair one-cancels-other;
// the same filter refusals. Work runs one step at a time in submission order (a cancel is
// confirmed before the order replacing it is sized and sent), and `idle()` waits for it.
//
// The Exchange port has only market and limit orders, so the protective pair is watched here, on
// closed candles: `onCandle` compares the stop-loss and the take-profit with the candle's range
// and sends a market exit when one was touched (the stop first when both were, as the fill model
// assumes). A live stop therefore fires after the candle closes, at the market then, not at its
// level inside the candle; exchange-side stop orders (STOP_LOSS_LIMIT, OCO) are the next step. The
// take-profit is watched the same way rather than resting as a limit order: a resting sell locks
// the base it would sell, so the stop's market exit would be refused for want of balance until the
// limit was cancelled (two more round trips and a race with its fill), and with both legs here
// one-cancels-other needs no venue round trip.
import { InvariantError, monotonicMs } from '../core/index.ts';
import type { Candle, Clock, ExitReason, Market } from '../core/index.ts';
import { entryQuantity, filterRefusal, roundDownToStep, unheardListener } from '../engine/index.ts';
import type { AccountView, ApprovedOrder, SizingSettings, Venue, VenueListener, VenueOrder } from '../engine/index.ts';
import { isFinal } from '../execution/index.ts';
import type { FillEvent, JournalOrder, OrderJournal, OrderManager, OrderStatus } from '../execution/index.ts';
import { convertFill, writeOffDust } from './fill-conversion.ts';

export interface ExchangeVenueOptions {
  /** Sends, cancels and reconciles the orders (journaled before they are sent). */
  readonly manager: OrderManager;
  /** The journal the manager writes: the venue reads its orders' states and fills there. */
  readonly journal: Pick<OrderJournal, 'get'>;
  /** The market traded, as the Exchange lists it: unified symbol, base and quote assets, filters. */
  readonly market: Market;
  /** How entries are sized; `fee` also estimates a fee the venue charges in an asset it cannot price. */
  readonly sizing: SizingSettings;
  /** The portfolio the fills go to: sizing and the quantity of an exit read it. */
  readonly account: AccountView;
  /** Times of refusals, UTC ms. */
  readonly clock: Clock;
  /** Reconciliations after a cancel before the venue stops waiting for its confirmation; default 5. */
  readonly cancelChecks?: number;
  /** Told, in seconds, how long an order took from its decision to the venue's answer (accepted, filled or rejected); not for an order whose answer is unknown. */
  readonly onAcknowledged?: ((seconds: number) => void) | undefined;
}

/** An order sent for the kernel and not yet ended. */
interface LiveOrder {
  readonly order: VenueOrder;
  readonly clientOrderId: string;
  readonly reason: ExitReason;
  /** Closes the whole position: a remainder under one lot step is written off (fill-conversion.ts). */
  readonly closesAll: boolean;
  /** Base quantity sent. */
  readonly amount: number;
  /** Trade ids already reported to the kernel, and their base quantity. */
  readonly reported: Set<string>;
  filled: number;
}

const REASON_BY_ROLE: Readonly<Record<VenueOrder['role'], ExitReason>> = {
  entry: 'signal',
  exit: 'signal',
  'stop-loss': 'stop-loss',
  'take-profit': 'take-profit',
  'end-of-data': 'end-of-data',
  'close-all': 'close-all',
};

export class ExchangeVenue implements Venue {
  private listener = unheardListener('an exchange venue');
  /** Orders at the venue that have not ended, by the kernel's order id. */
  private readonly live = new Map<number, LiveOrder>();
  /** The working entry or exit (the kernel's id), replaced by a newer one; 0 = none. */
  private workingId = 0;
  /** The protective pair, watched on closed candles; the fired one is out until its exit ends. */
  private stop: VenueOrder | null = null;
  private take: VenueOrder | null = null;
  private lastClose = NaN;
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly options: ExchangeVenueOptions) {}

  listen(listener: VenueListener): void {
    this.listener = listener;
  }

  /**
   * Takes the order and returns; it is sized and sent once the work before it is done. Market
   * orders are sized at the last close given to `onCandle`, limit orders at their limit. Spot only:
   * a sell entry is an InvariantError (the risk engine refuses shorts on spot).
   */
  submit(order: ApprovedOrder): void {
    switch (order.role) {
      case 'stop-loss':
        this.stop = order;
        return;
      case 'take-profit':
        this.take = order;
        return;
      case 'entry':
        if (order.side === 'sell') throw new InvariantError(`a short entry reached the exchange venue, which trades spot (order ${order.id})`);
    }
    const decisionPrice = order.type === 'limit' ? order.price! : this.lastClose;
    const decidedAt = monotonicMs();
    this.enqueue(async () => {
      if (order.role === 'entry' || order.role === 'exit') {
        if (!(await this.retireWorking(order))) return;
        this.workingId = order.id;
      }
      await this.send(order, decisionPrice, order.type === 'limit' ? 'limit' : 'market', decidedAt);
    });
  }

  /** Cancels the order at the venue (or, for the protective pair, stops watching it); unknown ids are ignored. */
  cancel(orderId: number): void {
    if (this.stop?.id === orderId || this.take?.id === orderId) {
      const order = this.stop?.id === orderId ? this.stop : this.take!;
      if (order === this.stop) this.stop = null;
      else this.take = null;
      this.listener.onCanceled(order);
      return;
    }
    this.enqueue(async () => {
      const live = this.live.get(orderId);
      if (live !== undefined) await this.cancelLive(live);
    });
  }

  /**
   * A closed candle (open time UTC ms, prices in quote currency): the protective pair is checked
   * against its range, and the orders still working are looked up at the venue.
   */
  onCandle(candle: Candle): void {
    this.lastClose = candle.close;
    this.watchProtection(candle.high, candle.low);
    this.resync();
  }

  /**
   * The user data stream brought news of an order (already applied to the journal by the order
   * manager): its fills and end reach the kernel now, in turn with the venue's other work, rather
   * than at the next candle's reconciliation.
   */
  heard(clientOrderId: string): void {
    this.enqueue(async () => {
      for (const live of [...this.live.values()]) if (live.clientOrderId === clientOrderId) this.report(live);
    });
  }

  /**
   * The user data stream was lost and is back: what it carried meanwhile is gone, so every order
   * still working is reconciled by query and what that finds is reported.
   */
  resync(): void {
    this.enqueue(async () => {
      if (this.live.size === 0) return;
      await this.options.manager.reconcile();
      for (const live of [...this.live.values()]) this.report(live);
    });
  }

  /** Resolves once the work submitted so far is done; rejects with the first error it met (then clears it). */
  async idle(): Promise<void> {
    // Work done may queue more (a fill makes the kernel cancel the other protective leg).
    for (let queue = this.queue; ; queue = this.queue) {
      await queue;
      if (queue === this.queue) break;
    }
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw failure;
  }

  /** Ids (the kernel's) of the orders at the venue that have not ended. */
  get openOrderIds(): number[] {
    return [...this.live.keys()];
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Sends a market exit when the candle touched the stop (first) or the target. */
  private watchProtection(high: number, low: number): void {
    const position = this.options.account.position;
    if (position === 0 || this.protectiveExitOut()) return;
    const isLong = position > 0;
    const stopHit = this.stop !== null && (isLong ? low <= this.stop.price! : high >= this.stop.price!);
    const takeHit = this.take !== null && (isLong ? high >= this.take.price! : low <= this.take.price!);
    const fired = stopHit ? this.stop! : takeHit ? this.take! : null;
    if (fired === null) return;
    // Out of watch while its exit is out (and the other leg waits for it: one cancels the other);
    // the kernel cancels the other leg when the position is flat. An exit that ends with the
    // position still open (refused, expired) puts it back on watch (report).
    if (fired === this.stop) this.stop = null;
    else this.take = null;
    const decisionPrice = this.lastClose;
    const decidedAt = monotonicMs();
    this.enqueue(async () => {
      // A working exit holds base the market exit needs; the position is closed whole anyway.
      const working = this.live.get(this.workingId);
      if (working?.order.role === 'exit') await this.cancelLive(working);
      if ((await this.send(fired, decisionPrice, 'market', decidedAt)) === undefined) this.rearm(fired);
    });
  }

  private protectiveExitOut(): boolean {
    for (const live of this.live.values()) if (live.order.role === 'stop-loss' || live.order.role === 'take-profit') return true;
    return false;
  }

  /** Watches a protective order again unless the kernel has placed a newer one or the position is flat. */
  private rearm(order: VenueOrder): void {
    if (this.options.account.position === 0) return;
    if (order.role === 'stop-loss' && this.stop === null) this.stop = order;
    if (order.role === 'take-profit' && this.take === null) this.take = order;
  }

  /**
   * Cancels the working order before `next` replaces it; true when nothing is working any more.
   * If the venue does not confirm the cancel, `next` is refused rather than risk two working orders.
   */
  private async retireWorking(next: VenueOrder): Promise<boolean> {
    const working = this.live.get(this.workingId);
    if (working === undefined) return true;
    await this.cancelLive(working);
    if (!this.live.has(working.order.id)) return true;
    this.listener.onRejected(next, `order ${working.clientOrderId} is not confirmed cancelled: a second working order is not sent`, this.options.clock.now());
    return false;
  }

  /** Cancels at the venue and reconciles until the order has ended (bounded), reporting what it did. */
  private async cancelLive(live: LiveOrder): Promise<void> {
    const { manager, journal } = this.options;
    await manager.cancel(live.clientOrderId);
    const checks = this.options.cancelChecks ?? 5;
    for (let i = 0; i < checks && !isFinal(journal.get(live.clientOrderId)!.status as OrderStatus); i++) await manager.reconcile();
    this.report(live);
  }

  /**
   * Sizes the order, refuses it as the simulated venue would when it breaks the filters, and sends
   * it. Returns the order sent, or undefined when it was refused or had nothing to close.
   * `decidedAt`: when it was decided (monotonicMs), for the acknowledgement's latency.
   */
  private async send(order: VenueOrder, decisionPrice: number, kind: 'market' | 'limit', decidedAt: number): Promise<LiveOrder | undefined> {
    const { market, manager, clock } = this.options;
    const closesAll = order.quantity.kind === 'position' && order.quantity.fraction >= 1;
    if (Number.isNaN(decisionPrice)) {
      this.listener.onRejected(order, 'no price yet: the venue has been given no closed candle', clock.now());
      return undefined;
    }
    const qty = this.quantity(order, decisionPrice);
    if (Number.isNaN(qty)) {
      this.listener.onCanceled(order); // nothing (left) to close
      return undefined;
    }
    const refusal = filterRefusal(qty, decisionPrice, market);
    if (refusal !== undefined) {
      this.listener.onRejected(order, refusal, clock.now());
      return undefined;
    }
    const record = await manager.submit({
      symbol: market.symbol,
      side: order.side,
      kind,
      amount: onGrid(qty, market.lotStep),
      ...(kind === 'limit' ? { price: onGrid(order.price!, market.tickSize), timeInForce: 'GTC' as const } : {}),
      decisionPrice,
    });
    if (this.options.onAcknowledged !== undefined && this.options.journal.get(record.clientOrderId)?.status !== 'pending') this.options.onAcknowledged((monotonicMs() - decidedAt) / 1000);
    const live: LiveOrder = { order, clientOrderId: record.clientOrderId, reason: REASON_BY_ROLE[order.role], closesAll, amount: Number(record.amount), reported: new Set(), filled: 0 };
    this.live.set(order.id, live);
    this.report(live);
    return live;
  }

  /**
   * Base quantity on the lot step: `size` from the sizing settings at `price` × fraction; `position`
   * a fraction of the position less what exits already out will close (NaN when nothing is left).
   */
  private quantity(order: VenueOrder, price: number): number {
    const { account, sizing, market } = this.options;
    const q = order.quantity;
    switch (q.kind) {
      case 'base':
        return roundDownToStep(q.qty, market.lotStep);
      case 'size':
        return roundDownToStep(entryQuantity(sizing, account, price, true) * q.fraction, market.lotStep);
      case 'position': {
        const held = Math.abs(account.position) - this.closing();
        if (!(held > 0)) return NaN;
        return roundDownToStep(q.fraction >= 1 ? held : held * q.fraction, market.lotStep);
      }
    }
  }

  /** Base quantity the exits at the venue have yet to fill. */
  private closing(): number {
    let left = 0;
    for (const live of this.live.values()) if (live.order.role !== 'entry') left += live.amount - live.filled;
    return left;
  }

  /** Reports the fills not yet reported, then how the order ended if it has. */
  private report(live: LiveOrder): void {
    const record = this.options.journal.get(live.clientOrderId);
    if (record === undefined) throw new InvariantError(`order ${live.clientOrderId} is missing from the journal`);
    for (const fill of JSON.parse(record.fills) as FillEvent[]) {
      if (live.reported.has(fill.tradeId)) continue;
      live.reported.add(fill.tradeId);
      live.filled += fill.amount;
      this.reportFill(live, record, fill);
    }
    if (!isFinal(record.status as OrderStatus)) return;
    this.live.delete(live.order.id);
    if (this.workingId === live.order.id) this.workingId = 0;
    if (record.status === 'rejected') this.listener.onRejected(live.order, record.rejectReason ?? 'rejected by the venue', this.options.clock.now());
    else if (record.status !== 'filled') this.listener.onCanceled(live.order);
    if (live.order.role === 'stop-loss' || live.order.role === 'take-profit') this.rearm(live.order);
  }

  private reportFill(live: LiveOrder, record: JournalOrder, fill: FillEvent): void {
    const { market, sizing, account } = this.options;
    const isBuy = record.side === 'buy';
    let converted = convertFill(fill, isBuy, market, sizing.fee);
    if (live.closesAll) converted = writeOffDust(converted, Math.abs(account.position), market.lotStep);
    this.listener.onFill({ order: live.order, side: record.side, qty: converted.qty, price: converted.price, fee: converted.fee, time: fill.time, reason: live.reason });
  }
}

/** A quantity or price already on the step's grid as a decimal string with the step's decimals. */
function onGrid(x: number, step: number): string {
  if (step <= 0) return String(x);
  let decimals = 0;
  while (decimals < 15 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9) decimals++;
  return x.toFixed(decimals);
}
