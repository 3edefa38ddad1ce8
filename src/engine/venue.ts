// The venue port: where the kernel's orders go and where fills come from. The simulated venue
// (simulated-venue.ts: the backtest's fill model) answers at once, inside the call or inside the
// candle it is given; a live venue (the order manager over an Exchange adapter) answers later.
// Either way every outcome comes back through the VenueListener, so the kernel and the portfolio
// see one stream of events in every mode.
import { InvariantError } from '../core/index.ts';
import type { Candle, Fill, Side } from '../core/index.ts';
import type { Approved } from '../risk/index.ts';

/**
 * How much an order is for, resolved when it fills (simulated venue) or when it is sent (live):
 * - `size`: `fraction` (0, 1] of what the sizing settings give (sizing.ts) at the fill price;
 * - `position`: `fraction` (0, 1] of the position held; 1 closes it whole;
 * - `base`: an exact base quantity.
 */
export type OrderQuantity =
  | { readonly kind: 'size'; readonly fraction: number }
  | { readonly kind: 'position'; readonly fraction: number }
  | { readonly kind: 'base'; readonly qty: number };

/**
 * What an order is for. Entries open or add; `exit` closes by the strategy's signal; `stop-loss`
 * and `take-profit` are the protective pair (one cancels the other) the kernel places after every
 * entry fill; `end-of-data` values a backtest's last position at the last close; `close-all` is
 * the operator's close-all on a simulated or shadow venue: it cancels the working order and sells
 * the position at market now (TradingKernel.closeAll).
 */
export type OrderRole = 'entry' | 'exit' | 'stop-loss' | 'take-profit' | 'end-of-data' | 'close-all';

/** The stop-loss and take-profit an entry is opened with, % from the average entry price (0 = none). */
export interface Protection {
  readonly stopLossPct: number;
  readonly takeProfitPct: number;
}

/**
 * An order as the kernel sends it. An entry against an open position of the other side (margin /
 * futures mode) closes that position first, at the same price, and is sized after it. Orders sized
 * by `position` close against whatever position is held when they fill.
 */
export interface VenueOrder {
  /** The kernel's sequence number; a live venue derives its clientOrderId from it. */
  readonly id: number;
  readonly side: Side;
  /** `stop`: a stop-market order that triggers at `price`; `limit`: fills at `price` or better. */
  readonly type: 'market' | 'limit' | 'stop';
  readonly role: OrderRole;
  readonly quantity: OrderQuantity;
  /** Limit price or stop trigger in quote currency, already on the tick grid. */
  readonly price?: number;
  /** Entries: the protection the kernel places once it fills. */
  readonly protection?: Protection;
}

/**
 * An order the risk engine passed (RiskEngine.check, or approveProtective for the protective pair
 * and the end-of-data close): the only kind the Venue port takes, so no order reaches a venue
 * around the risk engine. The brand exists only in the types.
 */
export type ApprovedOrder = Approved<VenueOrder>;

/** A fill of one of the kernel's orders. */
export interface VenueFill extends Fill {
  readonly order: VenueOrder;
}

/** Outcomes, delivered in the order they happen. */
export interface VenueListener {
  /** A fill; the venue may rewrite the object for its next fill: read it during the call, copy what you keep. */
  onFill(fill: VenueFill): void;
  /** The venue refused the order (filters, funds): `reason` is one line, `time` UTC ms. */
  onRejected(order: VenueOrder, reason: string, time: number): void;
  /** The order ended without filling or being refused: cancelled, or nothing left to close. */
  onCanceled(order: VenueOrder): void;
}

/** The kernel's side of a venue. A venue owns its orders from `submit` until it reports their end. */
export interface Venue {
  /** Where outcomes go; set once, by the kernel that drives the venue. */
  listen(listener: VenueListener): void;
  /** Sends an approved order; outcomes come back through the listener (possibly before this returns). */
  submit(order: ApprovedOrder): void;
  /** Cancels an order that has not ended; unknown or finished ids are ignored. */
  cancel(orderId: number): void;
  /**
   * A candle closed (simulated venues fill their resting orders against it, in the fill model's
   * intrabar order; a live venue has nothing to do). Prices in quote currency, time its open, UTC ms.
   * The kernel rewrites the object for the next candle: read it during the call, keep nothing of it.
   */
  onCandle(candle: Candle): void;
}

/** The listener a venue holds until a kernel listens: a fill reported before then is an engine bug. */
export function unheardListener(venue: string): VenueListener {
  return {
    onFill() {
      throw new InvariantError(`${venue} reported a fill before a kernel listened to it`);
    },
    onRejected() {},
    onCanceled() {},
  };
}
