// The shadow mode's venue: it takes the kernel's orders and sends nothing. With the journaling
// decorator around it (journaling-venue.ts), each order the instance would have sent is in the
// journal; nothing fills, so the portfolio stays as it started and signals are seen unfilled.
import type { Venue, VenueListener, VenueOrder } from '../engine/index.ts';

export class ShadowVenue implements Venue {
  private listener: VenueListener | undefined;
  /** Orders taken and not cancelled, by the kernel's id. */
  private readonly held = new Map<number, VenueOrder>();

  listen(listener: VenueListener): void {
    this.listener = listener;
  }

  /** Holds the order; a newer entry or exit replaces the one held, as a venue's working order. */
  submit(order: VenueOrder): void {
    if (order.role === 'close-all') {
      // Nothing was ever sent, so nothing is held at a venue: the orders held are dropped, and no position exists to sell.
      for (const held of this.held.values()) this.cancel(held.id);
      this.listener?.onCanceled(order);
      return;
    }
    if (order.role === 'entry' || order.role === 'exit') {
      for (const held of this.held.values()) if (held.role === 'entry' || held.role === 'exit') this.cancel(held.id);
    }
    this.held.set(order.id, order);
  }

  cancel(orderId: number): void {
    const order = this.held.get(orderId);
    if (order === undefined) return;
    this.held.delete(orderId);
    this.listener?.onCanceled(order);
  }

  onCandle(): void {}
}
