// Intent → order, crash-safe. Each order is written (with its clientOrderId, from the instance
// and a sequence) before it is sent; a refusal marks it rejected, a network failure leaves it
// pending with an unknown outcome. `reconcile` resolves every order that is not final by asking
// the venue for its clientOrderId: found → adopted; absent → sent again under the same id while
// young (the venue refuses a second open order with that id), else marked failed. So nothing is
// sent twice and nothing the venue holds goes untracked.
import { BadSymbol, ExchangeError, InvalidOrder, NetworkError, toStepString } from '../core/index.ts';
import type { Clock, Market, OrderRecord } from '../core/index.ts';
import type { Exchange, OrderKind, OrderSide, VenueOrder } from '../exchange/index.ts';
import { IllegalTransition, isFinal, OrderLifecycle } from './order-state.ts';
import type { FillEvent, OrderEvent, OrderStatus } from './order-state.ts';

export interface OrderIntent {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly kind: OrderKind;
  /** Base quantity, a decimal string; rounded down to the market's lot step on submit. */
  readonly amount: string;
  /** Limit price, a decimal string; rounded to the tick on submit, down for a buy and up for a sell. */
  readonly price?: string;
  readonly timeInForce?: 'GTC' | 'IOC' | 'FOK';
  /** The price the decision was made at, for slippage. */
  readonly decisionPrice: number;
}

/** What the manager persists (the store's OrderStore keeps it). */
export type JournalOrder = OrderRecord;

export interface OrderJournal {
  create(order: Omit<JournalOrder, 'seq' | 'clientOrderId'>, clientOrderId: (seq: number) => string): JournalOrder;
  update(order: JournalOrder): void;
  get(clientOrderId: string): JournalOrder | undefined;
  notFinal(instance: string): JournalOrder[];
}

export interface OrderManagerOptions {
  /** Names this bot's orders; with the sequence it makes the clientOrderId. */
  readonly instance: string;
  readonly exchange: Exchange;
  readonly journal: OrderJournal;
  readonly clock: Clock;
  /** The venue's markets (Exchange.loadMarkets): their lot step and tick size round every order, here and nowhere else. */
  readonly markets: readonly Market[];
  /** An unacknowledged order the venue does not know is sent again within this age, else failed. */
  readonly resendWithinMs?: number;
}

export interface ReconcileReport {
  adopted: number;
  resent: number;
  failed: number;
  /** Still unknown (the venue could not be asked); try again later. */
  unresolved: number;
}

const INSTANCE_ID = /^[A-Za-z0-9_-]{1,24}$/;

export class OrderManager {
  private readonly markets: ReadonlyMap<string, Market>;

  constructor(private readonly options: OrderManagerOptions) {
    if (!INSTANCE_ID.test(options.instance)) throw new Error(`instance ids are 1-24 letters, digits, '_' or '-', got '${options.instance}'`);
    this.markets = new Map(options.markets.map((m) => [m.symbol, m]));
  }

  /**
   * Rounds the intent to the market's filters, persists it, then sends it. Returns the order as
   * known after the reply (or its absence). Throws BadSymbol for a market not in `markets` and
   * InvalidOrder when the amount rounds to nothing; neither is recorded.
   */
  async submit(intent: OrderIntent): Promise<JournalOrder> {
    const { amount, price } = this.round(intent);
    const now = this.options.clock.now();
    const order = this.options.journal.create(
      {
        instance: this.options.instance,
        symbol: intent.symbol,
        side: intent.side,
        kind: intent.kind,
        amount,
        price: price ?? null,
        timeInForce: intent.timeInForce ?? null,
        decisionPrice: intent.decisionPrice,
        status: 'pending',
        venueId: null,
        fills: '[]',
        rejectReason: null,
        sends: 0,
        createdAt: now,
        updatedAt: now,
      },
      (seq) => `${this.options.instance}-${seq}`,
    );
    await this.send(order);
    return order;
  }

  async cancel(clientOrderId: string): Promise<JournalOrder> {
    const order = this.require(clientOrderId);
    if (isFinal(order.status as OrderStatus)) return order;
    try {
      this.adopt(order, await this.options.exchange.cancelOrder(order.symbol, clientOrderId));
    } catch (error) {
      if (!(error instanceof NetworkError) && !(error instanceof ExchangeError)) throw error;
      // Whether it was cancelled (or filled first) is for reconciliation to find out.
    }
    return order;
  }

  /**
   * A limit order that waits at most `timeoutMs` to fill; then it is cancelled and whatever is left
   * goes as a market order (a second order, with its own clientOrderId). Returns both records.
   */
  async limitThenMarket(intent: OrderIntent & { readonly price: string }, timeoutMs: number, pollMs = 250): Promise<JournalOrder[]> {
    const limit = await this.submit({ ...intent, kind: 'limit', timeInForce: 'GTC' });
    const deadline = this.options.clock.now() + timeoutMs;
    while (!isFinal(limit.status as OrderStatus) && this.options.clock.now() < deadline) {
      await this.wait(Math.min(pollMs, Math.max(0, deadline - this.options.clock.now())));
      await this.refresh(limit);
    }
    if (limit.status === 'filled') return [limit];
    await this.cancel(limit.clientOrderId);
    // The cancel may have raced fills: settle what the venue says before sizing the rest.
    for (let i = 0; i < 5 && !isFinal(limit.status as OrderStatus); i++) await this.refresh(limit);
    if (!isFinal(limit.status as OrderStatus)) return [limit];
    const rest = toStepString(Number(limit.amount) - filledOf(limit), this.market(intent.symbol).lotStep, 'down');
    if (Number(rest) <= 0) return [limit];
    const market = await this.submit({ symbol: intent.symbol, side: intent.side, kind: 'market', amount: rest, decisionPrice: intent.decisionPrice });
    return [limit, market];
  }

  /**
   * Cancel/replace: the new order goes out only once the old one is confirmed cancelled, so the two
   * are never working at once; if the old one filled first there is nothing to replace.
   */
  async replace(clientOrderId: string, price: string, amount?: string): Promise<JournalOrder | undefined> {
    const old = await this.cancel(clientOrderId);
    for (let i = 0; i < 5 && !isFinal(old.status as OrderStatus); i++) await this.refresh(old);
    if (old.status !== 'canceled') return undefined;
    const left = amount ?? String(Number(old.amount) - filledOf(old));
    if (Number(left) <= 0) return undefined;
    return this.submit({ symbol: old.symbol, side: old.side, kind: 'limit', amount: left, price, timeInForce: 'GTC', decisionPrice: old.decisionPrice });
  }

  /** Average fill price against the decision price, in basis points (positive = paid more / got less). */
  static slippageBps(order: JournalOrder): number {
    const fills = JSON.parse(order.fills) as FillEvent[];
    const qty = fills.reduce((s, f) => s + f.amount, 0);
    if (qty === 0 || order.decisionPrice <= 0) return NaN;
    const average = fills.reduce((s, f) => s + f.amount * f.price, 0) / qty;
    const sign = order.side === 'buy' ? 1 : -1;
    return (sign * (average - order.decisionPrice) * 10_000) / order.decisionPrice;
  }

  /** The intent's amount and price on the market's grid, as the strings that go to the venue. */
  private round(intent: OrderIntent): { amount: string; price: string | undefined } {
    const market = this.market(intent.symbol);
    const amount = toStepString(intent.amount, market.lotStep, 'down');
    if (Number(amount) <= 0) throw new InvalidOrder(`${intent.symbol} ${intent.side} ${intent.amount} rounds to nothing on the lot step ${market.lotStep}`);
    // A buy never pays above, a sell never asks below, the price decided on.
    const price = intent.price === undefined ? undefined : toStepString(intent.price, market.tickSize, intent.side === 'buy' ? 'down' : 'up');
    return { amount, price };
  }

  private market(symbol: string): Market {
    const market = this.markets.get(symbol);
    if (market === undefined) throw new BadSymbol(`no market ${symbol} among the venue's markets`);
    return market;
  }

  private async refresh(order: JournalOrder): Promise<void> {
    try {
      const venue = await this.options.exchange.findOrder(order.symbol, order.clientOrderId);
      if (venue !== undefined) this.adopt(order, venue);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Resolves every order that is not final against the venue. */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { adopted: 0, resent: 0, failed: 0, unresolved: 0 };
    for (const order of this.options.journal.notFinal(this.options.instance)) {
      let venue: VenueOrder | undefined;
      try {
        venue = await this.options.exchange.findOrder(order.symbol, order.clientOrderId);
      } catch (error) {
        if (error instanceof NetworkError) {
          report.unresolved++;
          continue;
        }
        throw error;
      }
      if (venue !== undefined) {
        this.adopt(order, venue);
        report.adopted++;
      } else if (order.status !== 'pending') {
        // The venue acknowledged it once and no longer knows it: nothing we can still track.
        this.fail(order, 'acknowledged order no longer known to the venue');
        report.failed++;
      } else if (this.options.clock.now() - order.createdAt <= (this.options.resendWithinMs ?? 60_000)) {
        await this.send(order);
        report.resent++;
      } else {
        this.fail(order, 'never reached the venue');
        report.failed++;
      }
    }
    return report;
  }

  private async send(order: JournalOrder): Promise<void> {
    order.sends++;
    order.updatedAt = this.options.clock.now();
    this.options.journal.update(order); // the attempt is on record before the request leaves
    try {
      const venue = await this.options.exchange.createOrder({
        symbol: order.symbol,
        side: order.side,
        kind: order.kind,
        amount: order.amount,
        ...(order.price === null ? {} : { price: order.price }),
        ...(order.timeInForce === null ? {} : { timeInForce: order.timeInForce as 'GTC' | 'IOC' | 'FOK' }),
        clientOrderId: order.clientOrderId,
      });
      this.adopt(order, venue);
    } catch (error) {
      if (error instanceof NetworkError) return; // outcome unknown: pending until reconciled
      if (error instanceof ExchangeError) {
        if (error.code === 'DUPLICATE_CLIENT_ORDER_ID') return; // our earlier send got there: reconcile adopts it
        this.fail(order, error.message);
        return;
      }
      throw error;
    }
  }

  /** Brings our record up to the venue's view of the order. */
  private adopt(order: JournalOrder, venue: VenueOrder): void {
    const fills = JSON.parse(order.fills) as FillEvent[];
    const life = OrderLifecycle.restore(Number(order.amount), order.status as OrderStatus, order.venueId ?? undefined, fills);
    const now = this.options.clock.now();
    const events: OrderEvent[] = [];
    if (life.status === 'pending' && venue.status !== 'rejected') events.push({ type: 'accepted', venueId: venue.id, time: now });
    const fresh = newFills(life, venue, now);
    fresh.forEach((fill, i) => events.push({ type: venue.status === 'closed' && i === fresh.length - 1 ? 'filled' : 'partiallyFilled', fill }));
    if (venue.status === 'canceled' || venue.status === 'expired') events.push({ type: venue.status, time: now });
    if (venue.status === 'rejected') events.push({ type: 'rejected', reason: 'rejected by the venue', time: now });
    for (const event of events) {
      try {
        life.apply(event);
      } catch (error) {
        if (!(error instanceof IllegalTransition)) throw error;
        // A stale report (e.g. "open" after we saw "filled") changes nothing.
      }
    }
    // Closed at the venue with every fill already applied: the venue's word is final.
    order.status = venue.status === 'closed' && fresh.length === 0 && !isFinal(life.status) ? 'filled' : life.status;
    order.venueId = life.venueId ?? venue.id;
    order.fills = JSON.stringify(life.fills);
    order.updatedAt = now;
    this.options.journal.update(order);
  }

  private fail(order: JournalOrder, reason: string): void {
    order.status = 'rejected';
    order.rejectReason = reason;
    order.updatedAt = this.options.clock.now();
    this.options.journal.update(order);
  }

  private require(clientOrderId: string): JournalOrder {
    const order = this.options.journal.get(clientOrderId);
    if (order === undefined) throw new Error(`no order ${clientOrderId}`);
    return order;
  }
}

function filledOf(order: JournalOrder): number {
  return (JSON.parse(order.fills) as FillEvent[]).reduce((s, f) => s + f.amount, 0);
}

/**
 * The venue's fills we have not applied: its own trades when it lists them, else one fill for the
 * change in cumulative quantity, with an id made from that quantity so a replay is a duplicate.
 * Trades are taken only up to the venue's filled quantity: an earlier reply without trades may
 * already have brought some of them in as a cumulative fill, and they must not count twice.
 */
export function newFills(life: OrderLifecycle, venue: VenueOrder, now: number): FillEvent[] {
  let room = venue.filled - life.filled;
  if (venue.fills.length > 0) {
    const known = new Set(life.fills.map((f) => f.tradeId));
    const fresh: FillEvent[] = [];
    for (const f of venue.fills) {
      const tradeId = `${venue.id}:${f.tradeId}`;
      if (known.has(tradeId)) continue;
      if (f.amount > room + 1e-12) break;
      room -= f.amount;
      fresh.push({ tradeId, price: f.price, amount: f.amount, fee: f.fee, feeCurrency: f.feeCurrency, time: now });
    }
    return fresh;
  }
  if (room <= 1e-12) return [];
  const venueCost = venue.filled * venue.average;
  const price = (venueCost - life.cost) / room;
  return [{ tradeId: `${venue.id}:cum:${venue.filled}`, price, amount: room, fee: 0, feeCurrency: '', time: now }];
}
