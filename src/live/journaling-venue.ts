// A venue decorator that journals every order the kernel sends and every outcome the venue
// reports, each before it is passed on: an order is in the journal before the venue has it, a
// fill before the portfolio does. It changes nothing else, so a paper instance trades exactly as
// the undecorated kernel (and the backtest) would.
import type { Candle } from '../core/index.ts';
import type { ApprovedOrder, Venue, VenueFill, VenueListener, VenueOrder } from '../engine/index.ts';
import type { InstanceJournal } from './instance-journal.ts';

export class JournalingVenue implements Venue {
  constructor(
    private readonly inner: Venue,
    private readonly journal: InstanceJournal,
  ) {}

  listen(listener: VenueListener): void {
    const { journal } = this;
    this.inner.listen({
      onFill(fill: VenueFill) {
        journal.write('fill', { orderId: fill.order.id, role: fill.order.role, side: fill.side, qty: fill.qty, price: fill.price, fee: fill.fee, time: fill.time, reason: fill.reason });
        listener.onFill(fill);
      },
      onRejected(order: VenueOrder, reason: string, time: number) {
        journal.write('order', { event: 'rejected', ...describe(order), reason, time });
        listener.onRejected(order, reason, time);
      },
      onCanceled(order: VenueOrder) {
        journal.write('order', { event: 'canceled', ...describe(order) });
        listener.onCanceled(order);
      },
    });
  }

  submit(order: ApprovedOrder): void {
    this.journal.write('order', { event: 'submitted', ...describe(order) });
    this.inner.submit(order);
  }

  cancel(orderId: number): void {
    this.journal.write('order', { event: 'cancel-requested', orderId });
    this.inner.cancel(orderId);
  }

  onCandle(candle: Candle): void {
    this.inner.onCandle(candle);
  }
}

/**
 * An order as journaled: the kernel's id, side, type, role, quantity, price, and an entry's
 * protection (% from the entry price), which start-up recovery falls back on (live/protection-record.ts).
 */
function describe(order: VenueOrder): Record<string, unknown> {
  return {
    orderId: order.id,
    side: order.side,
    type: order.type,
    role: order.role,
    quantity: order.quantity,
    ...(order.price === undefined ? {} : { price: order.price }),
    ...(order.protection === undefined ? {} : { protection: order.protection }),
  };
}
