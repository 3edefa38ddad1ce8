// The second and third opinions on whether an order reached the venue. A lookup by clientOrderId
// that answers "not found" proves nothing on Binance: lookups read memory, then a database, and
// the venue documents itself as asynchronous, so an order that executed can be missing from the
// lookup for a while. The list of all orders and the account's trades are read separately there;
// an order missing from the lookup is often in one of them. Each list is read once per
// reconciliation pass and symbol, and reused for every order of that symbol.
import type { AccountTrade, Exchange, OrderSide, VenueOrder } from '../exchange/index.ts';

/**
/**
 * How far back the lists may reach (ms). Binance reads allOrders and myTrades by time in windows
 * of at most 24 h (-1127); a window that starts inside the last 24 h reaches the present.
 */
const MAX_LOOKBACK_MS = 23 * 3_600_000;

/** What the lists say about one order. */
export type ListVerdict =
  /** The venue lists the order: adopt it, with these fills. */
  | { readonly kind: 'listed'; readonly order: VenueOrder }
  /** A trade on our side belongs to an order the list does not show yet: it may be ours. */
  | { readonly kind: 'unexplained' }
  /** Neither the orders nor the trades show anything that could be this order. */
  | { readonly kind: 'absent' };

interface Snapshot {
  readonly orders: VenueOrder[];
  readonly trades: AccountTrade[];
}

/** The venue's order and trade lists for one reconciliation pass, read on first need per symbol. */
export class VenueLists {
  private readonly snapshots = new Map<string, Promise<Snapshot>>();

  constructor(private readonly exchange: Exchange) {}

  /**
   * Looks for the order in the lists. `venueId` is the venue's id when it once acknowledged the
   * order. Network errors pass through (the caller leaves the order unresolved).
   */
  async verdict(symbol: string, clientOrderId: string, side: OrderSide, venueId: string | null): Promise<ListVerdict> {
    // venueId picks among several orders listed under one clientOrderId (a resend after a filled first send).
    const { orders, trades } = await this.snapshot(symbol);
    const listed = orders.filter((o) => o.clientOrderId === clientOrderId);
    const order = listed.find((o) => o.id === venueId) ?? listed[0];
    if (order !== undefined) {
      const fills = order.filled > 0 ? await this.exchange.fetchOrderTrades(symbol, order.id, order.filled) : [];
      return { kind: 'listed', order: { ...order, fills } };
    }
    const known = new Set(orders.map((o) => o.id));
    const unexplained = trades.some((t) => t.side === side && !known.has(t.orderId));
    return unexplained ? { kind: 'unexplained' } : { kind: 'absent' };
  }

  private snapshot(symbol: string): Promise<Snapshot> {
    let snapshot = this.snapshots.get(symbol);
    if (snapshot === undefined) {
      snapshot = (async () => {
        // The lists are read over the last MAX_LOOKBACK_MS of the venue's own clock, not from our
        // creation time: our clock and the venue's may differ by more than any margin (a skewed
        // host; a simulator whose market clock runs faster than the wall clock), and an order
        // missed by a window placed beside it would be sent twice. Only passes with an order in
        // doubt read the lists, so the wider read is rare.
        const since = (await this.exchange.fetchTime()) - MAX_LOOKBACK_MS;
        // Orders first, then trades: an order that executes in between shows as a trade without its
        // order, which only makes the verdict more careful.
        const orders = await this.exchange.fetchOrders(symbol, since);
        const trades = await this.exchange.fetchMyTrades(symbol, since);
        return { orders, trades };
      })();
      // A failed read is not kept: the next order of the symbol asks again.
      snapshot.catch(() => this.snapshots.delete(symbol));
      this.snapshots.set(symbol, snapshot);
    }
    return snapshot;
  }
}
