// A venue that refuses every order the kernel sends while its gate gives a reason, so nothing
// reaches the exchange then; cancels and candles pass through. The instance runner closes it for
// the candles it catches up on after a gap (a decision on an old candle must not become an order at
// today's price); a halt (the kill switch, start-up recovery) is the risk engine's state instead. A refusal reaches the journal and the portfolio as any
// venue refusal does.
import type { Candle, Clock } from '../core/index.ts';
import type { ApprovedOrder, VenueListener } from '../engine/index.ts';
import type { RunnerVenue } from './instance-runner.ts';

export class GatedVenue implements RunnerVenue {
  private listener: VenueListener | undefined;

  /** `refusal`: undefined lets the order through; otherwise the one-line reason its refusal shows. */
  constructor(
    private readonly inner: RunnerVenue,
    private readonly refusal: (order: ApprovedOrder) => string | undefined,
    private readonly clock: Clock,
  ) {}

  listen(listener: VenueListener): void {
    this.listener = listener;
    this.inner.listen(listener);
  }

  submit(order: ApprovedOrder): void {
    const reason = this.refusal(order);
    if (reason === undefined) this.inner.submit(order);
    else this.listener?.onRejected(order, reason, this.clock.now());
  }

  /** Waits for the work the inner venue still has queued (recovery's cancels included). */
  async idle(): Promise<void> {
    await this.inner.idle?.();
  }

  cancel(orderId: number): void {
    this.inner.cancel(orderId);
  }

  onCandle(candle: Candle): void {
    this.inner.onCandle(candle);
  }
}
