// Intent → order, crash-safe. Each order is written (with its clientOrderId, from the instance
// and a sequence) before it is sent; a refusal marks it rejected, a network failure leaves it
// pending with an unknown outcome. `reconcile` resolves every order that is not final by asking
// the venue for its clientOrderId: found → adopted. A "not found" alone proves nothing (Binance's
// lookups lag behind its matching): absence is decided only once a grace period has passed since
// the last send and neither the venue's list of orders nor its list of trades shows the order.
// Then it is sent again under the same id while young, else marked failed. Binance keeps a
// clientOrderId unique only among OPEN orders, so a resend of an order that was in fact filled
// would be a second order: the grace period and the lists are what stand between the two.
import { BadSymbol, exactDifference, exactSum, ExchangeError, InvalidOrder, InvariantError, NetworkError, toStepString } from '../core/index.ts';
import type { Clock, Market, OrderRecord } from '../core/index.ts';
import type { Exchange, OrderKind, OrderSide, OrderUpdate, VenueOrder } from '../exchange/index.ts';
import { IllegalTransition, isFinal, OrderLifecycle } from './order-state.ts';
import type { FillEvent, OrderEvent, OrderStatus } from './order-state.ts';
import { VenueLists } from './venue-lists.ts';

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
  /**
   * How long (ms) after an order's last send or last report reconciliation waits before it believes
   * the venue does not have it (default 10 000). Binance documents its system as asynchronous and its
   * lookups lag; set this above the venue's worst lag, since a resend of an order that did execute
   * would be a second order.
   */
  readonly absenceGraceMs?: number;
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
   * Rounds the intent to the market's filters, persists it (as sent once: one write between the
   * decision and the request), then sends it. Returns the order as known after the reply (or its
   * absence). Throws BadSymbol for a market not in `markets` and InvalidOrder when the amount
   * rounds to nothing; neither is recorded.
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
        sends: 1,
        createdAt: now,
        updatedAt: now,
      },
      (seq) => `${this.options.instance}-${seq}`,
    );
    await this.transmit(order);
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
   * Cancels an order of this instance the venue lists as open (`listed`: one of its open orders),
   * whatever the journal says of it. A record the journal holds as final (a stale report, a
   * reconciliation that gave the order up) is corrected first: back to open with the fills the
   * venue lists, so the cancel is sent and its reply journaled like any other. Returns the order as
   * known after the reply: not final when the cancel was not confirmed (a network or exchange
   * error, for reconciliation to find out). Throws as `cancel` does for an order not on record.
   */
  async cancelListed(listed: VenueOrder): Promise<JournalOrder> {
    const order = this.require(listed.clientOrderId);
    if (isFinal(order.status as OrderStatus) && listed.status === 'open') {
      order.status = 'open';
      order.rejectReason = null;
      order.updatedAt = this.options.clock.now();
      this.options.journal.update(order);
      this.adopt(order, listed);
    }
    return this.cancel(listed.clientOrderId);
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

  /**
   * Takes one change of an order the venue's user data stream reported: an order of this instance
   * that is not final is brought up to it as a query's answer would bring it, so a trade counts once
   * whichever told us first (fills are keyed by the venue's order and trade ids). Returns the order
   * as updated, or undefined when it is not one of this instance's orders still in play.
   * @throws InvariantError as reconciliation does, when a filled order's fills do not add up
   */
  applyUpdate(update: OrderUpdate): JournalOrder | undefined {
    const order = this.options.journal.get(update.clientOrderId);
    if (order === undefined || order.instance !== this.options.instance || isFinal(order.status as OrderStatus)) return undefined;
    this.adopt(order, {
      id: update.orderId,
      clientOrderId: update.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      kind: order.kind,
      status: update.status,
      price: update.price,
      amount: update.amount,
      filled: update.filled,
      average: update.filled > 0 ? update.cost / update.filled : NaN,
      timestamp: update.time,
      fills: update.fill === undefined ? [] : [update.fill],
    });
    return order;
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

  /**
   * Resolves every order that is not final against the venue: found by its clientOrderId or in the
   * venue's lists → adopted with its fills; absent from all of them after the grace period → sent
   * again (pending and young) or marked failed; anything in between stays unresolved for the next pass.
   * @throws InvariantError when an adopted filled order's fills do not add up to its executed quantity
   */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { adopted: 0, resent: 0, failed: 0, unresolved: 0 };
    const orders = this.options.journal.notFinal(this.options.instance);
    const lists = new VenueLists(this.options.exchange);
    for (const order of orders) {
      try {
        report[await this.resolve(order, lists)]++;
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        report.unresolved++;
      }
    }
    return report;
  }

  private async resolve(order: JournalOrder, lists: VenueLists): Promise<keyof ReconcileReport> {
    const found = await this.options.exchange.findOrder(order.symbol, order.clientOrderId);
    if (found !== undefined) {
      this.adopt(order, found);
      return 'adopted';
    }
    // updatedAt is the last send, or the last time the venue told us about the order.
    if (this.options.clock.now() - order.updatedAt < (this.options.absenceGraceMs ?? 10_000)) return 'unresolved';
    const verdict = await lists.verdict(order.symbol, order.clientOrderId, order.side, order.venueId);
    if (verdict.kind === 'listed') {
      this.adopt(order, verdict.order);
      return 'adopted';
    }
    if (verdict.kind === 'unexplained') return 'unresolved';
    if (order.status !== 'pending') {
      // The venue acknowledged it once and none of its lists knows it: nothing we can still track.
      this.fail(order, 'acknowledged order no longer known to the venue');
      return 'failed';
    }
    if (this.options.clock.now() - order.createdAt <= (this.options.resendWithinMs ?? 60_000)) {
      await this.send(order);
      return 'resent';
    }
    this.fail(order, 'never reached the venue');
    return 'failed';
  }

  /** Sends the order once more, its attempt on record first. */
  private async send(order: JournalOrder): Promise<void> {
    order.sends++;
    order.updatedAt = this.options.clock.now();
    this.options.journal.update(order);
    await this.transmit(order);
  }

  /** The request for an order whose attempt is already on record (`sends` counts it), and what its reply says. */
  private async transmit(order: JournalOrder): Promise<void> {
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
    this.latest(order);
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
    checkFilledAddsUp(order, life.fills, venue);
  }

  private fail(order: JournalOrder, reason: string): void {
    this.latest(order);
    order.status = 'rejected';
    order.rejectReason = reason;
    order.updatedAt = this.options.clock.now();
    this.options.journal.update(order);
  }

  /**
   * Brings `order` up to its row: the user data stream may have written the order while a request
   * about it was in flight, and merging into an older copy would drop what it wrote.
   */
  private latest(order: JournalOrder): void {
    const row = this.options.journal.get(order.clientOrderId);
    if (row !== undefined && row !== order) Object.assign(order, row);
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
 * The invariant "filled ⇒ the fills add up to the executed quantity", checked after the record is
 * written. newFills books whatever the venue's trades leave out as a cumulative fill, so only a
 * bug of ours can break it; it throws rather than logs because a bot trading on a position that
 * disagrees with the venue's would size every later order wrong.
 * @throws InvariantError naming the order, the two quantities and the number of fills
 */
function checkFilledAddsUp(order: JournalOrder, fills: readonly FillEvent[], venue: VenueOrder): void {
  if (order.status !== 'filled' || venue.status !== 'closed') return;
  const total = exactSum(fills.map((f) => f.amount));
  if (total !== venue.filled) {
    throw new InvariantError(`order ${order.clientOrderId} is filled with fills adding up to ${total}, the venue executed ${venue.filled} (${fills.length} fills)`);
  }
}

/**
 * The venue's fills we have not applied: its own trades when it lists them, then one cumulative
 * fill (`cumulative: true`, its tradeId `<order id>:cum:<venue's executed quantity>`, fee unknown)
 * for whatever part of the venue's executed quantity the trades do not cover: the venue listed
 * fewer trades than it executed (a page lost, a list that lags). The id is made from that quantity
 * so a replay is a duplicate. Trades are taken only up to the venue's filled quantity: an earlier
 * cumulative fill may already hold some of them, and they must not count twice. Quantities are
 * added as exact decimals (core/exact-sum.ts), so a thousand trades add up to the executed quantity.
 */
export function newFills(life: OrderLifecycle, venue: VenueOrder, now: number): FillEvent[] {
  const knownFilled = exactSum(life.fills.map((f) => f.amount));
  let room = exactDifference(venue.filled, knownFilled);
  const known = new Set(life.fills.map((f) => f.tradeId));
  const fresh: FillEvent[] = [];
  for (const f of venue.fills) {
    const tradeId = `${venue.id}:${f.tradeId}`;
    if (known.has(tradeId)) continue;
    if (f.amount > room) break;
    room = exactDifference(room, f.amount);
    fresh.push({ tradeId, price: f.price, amount: f.amount, fee: f.fee, feeCurrency: f.feeCurrency, time: now });
  }
  if (room <= 0) return fresh;
  const tradeId = `${venue.id}:cum:${venue.filled}`;
  if (known.has(tradeId)) return fresh;
  const venueCost = venue.filled * venue.average;
  const knownCost = life.cost + fresh.reduce((sum, f) => sum + f.amount * f.price, 0);
  const price = Number.isFinite(venueCost) ? (venueCost - knownCost) / room : venue.price;
  fresh.push({ tradeId, price, amount: room, fee: 0, feeCurrency: '', time: now, cumulative: true });
  return fresh;
}
