// The order state machine: the legal transitions, one line per edge, and the only mutator.
// Venue reports arrive late, twice, or out of order (a fill after our cancel, a replayed trade
// after a reconnect); the table decides what each may change, and the rest is refused.

export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'canceled' | 'rejected' | 'expired';
export type OrderEventType = 'accepted' | 'rejected' | 'partiallyFilled' | 'filled' | 'canceled' | 'expired';

const TRANSITIONS = {
  pending: { accepted: 'open', rejected: 'rejected', partiallyFilled: 'partially_filled', filled: 'filled' /* market, IOC */, canceled: 'canceled', expired: 'expired' /* IOC/FOK with no fill */ },
  open: { accepted: 'open' /* a repeated ack */, partiallyFilled: 'partially_filled', filled: 'filled', canceled: 'canceled', expired: 'expired' },
  partially_filled: { partiallyFilled: 'partially_filled', filled: 'filled', canceled: 'canceled', expired: 'expired' },
  // A fill that raced our cancel: the venue matched before it cancelled.
  canceled: { partiallyFilled: 'canceled', filled: 'filled' },
  expired: { partiallyFilled: 'expired' /* the fill of an IOC reported after its expiry */ },
  filled: {},
  rejected: {},
} as const satisfies Record<OrderStatus, Partial<Record<OrderEventType, OrderStatus>>>;

export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'rejected', 'expired']);

export function isFinal(status: OrderStatus): boolean {
  return FINAL_STATUSES.has(status);
}

export function nextStatus(from: OrderStatus, event: OrderEventType): OrderStatus | undefined {
  return (TRANSITIONS[from] as Partial<Record<OrderEventType, OrderStatus>>)[event];
}

export interface FillEvent {
  readonly tradeId: string;
  readonly price: number;
  readonly amount: number;
  readonly fee: number;
  readonly feeCurrency: string;
  readonly time: number;
  /**
   * Booked from the change in the venue's cumulative executed quantity, not from a listed trade: the
   * venue did not list (all) the trades. Its fee is unknown (0) and its price makes the average right.
   */
  readonly cumulative?: true;
}

export type OrderEvent =
  | { readonly type: 'accepted'; readonly venueId: string; readonly time: number }
  | { readonly type: 'rejected'; readonly reason: string; readonly time: number }
  | { readonly type: 'partiallyFilled' | 'filled'; readonly fill: FillEvent }
  | { readonly type: 'canceled' | 'expired'; readonly time: number };

export class IllegalTransition extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly event: OrderEventType,
  ) {
    super(`illegal order transition: ${event} in status ${from}`);
  }
}

/** An order's lifecycle as we know it: status, fills (each trade once), averages and fees. */
export class OrderLifecycle {
  status: OrderStatus = 'pending';
  venueId: string | undefined;
  filled = 0;
  cost = 0;
  fees = new Map<string, number>();
  rejectReason: string | undefined;
  readonly fills: FillEvent[] = [];
  private readonly tradeIds = new Set<string>();

  constructor(readonly amount: number) {}

  /** Rebuilds a lifecycle from what was persisted. */
  static restore(amount: number, status: OrderStatus, venueId: string | undefined, fills: readonly FillEvent[]): OrderLifecycle {
    const order = new OrderLifecycle(amount);
    for (const fill of fills) {
      order.tradeIds.add(fill.tradeId);
      order.fills.push(fill);
      order.filled += fill.amount;
      order.cost += fill.amount * fill.price;
      order.fees.set(fill.feeCurrency, (order.fees.get(fill.feeCurrency) ?? 0) + fill.fee);
    }
    order.status = status;
    order.venueId = venueId;
    return order;
  }

  get average(): number {
    return this.filled > 0 ? this.cost / this.filled : NaN;
  }

  get remaining(): number {
    return Math.max(0, this.amount - this.filled);
  }

  /** Applies a venue event; returns false for a duplicate fill, throws on an illegal transition. */
  apply(event: OrderEvent): boolean {
    const next = nextStatus(this.status, event.type);
    if (next === undefined) throw new IllegalTransition(this.status, event.type);
    if (event.type === 'partiallyFilled' || event.type === 'filled') {
      if (this.tradeIds.has(event.fill.tradeId)) return false;
      this.tradeIds.add(event.fill.tradeId);
      this.fills.push(event.fill);
      this.filled += event.fill.amount;
      this.cost += event.fill.amount * event.fill.price;
      this.fees.set(event.fill.feeCurrency, (this.fees.get(event.fill.feeCurrency) ?? 0) + event.fill.fee);
    }
    if (event.type === 'accepted') this.venueId = event.venueId;
    if (event.type === 'rejected') this.rejectReason = event.reason;
    this.status = next;
    return true;
  }
}
