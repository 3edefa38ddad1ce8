// The venue of an instance that recovery started `halted` (live/recovery.ts): every order the
// kernel sends is refused with the halt's reason, so nothing reaches the exchange until an operator
// has looked; cancels and candles pass through. The refusal reaches the journal and the portfolio
// as any venue refusal does.
import type { Candle, Clock } from '../core/index.ts';
import type { ApprovedOrder, VenueListener } from '../engine/index.ts';
import type { RunnerVenue } from './instance-runner.ts';

export class HaltedVenue implements RunnerVenue {
  private listener: VenueListener | undefined;

  /** `reason`: one line, shown in every refusal. */
  constructor(
    private readonly inner: RunnerVenue,
    private readonly reason: string,
    private readonly clock: Clock,
  ) {}

  listen(listener: VenueListener): void {
    this.listener = listener;
    this.inner.listen(listener);
  }

  submit(order: ApprovedOrder): void {
    this.listener?.onRejected(order, `halted at start-up: ${this.reason}`, this.clock.now());
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
