// The venue's clock as seen from ours: the local clock plus an offset measured from the venue's
// server time (Binance GET /api/v3/time). Signed requests carry a timestamp the venue checks
// against its own clock, so a local clock a few seconds off fails every signed call (-1021)
// unless requests are stamped with local time + offset.
import { ClockSkew, ExchangeError } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import type { SigningClock } from './port.ts';

/**
 * The receive window every adapter sends with a signed request, in ms: Binance's documented
 * default (../shared/specs/binance-spot.md §2.4 "Timing security"; ccxt would send 10000). One value for every client, so
 * a clock error either fails on all of them or on none.
 */
export const RECV_WINDOW_MS = 5_000;

/** What an adapter may be given besides its client and gate. */
export interface AdapterOptions {
  /** Our clock (epoch ms); its offset to the venue's is measured, so it may be off by seconds. */
  readonly clock?: Clock;
}

export class VenueClock implements SigningClock {
  private offset = 0;
  private measured = false;
  private measuring: Promise<void> | undefined;

  /**
   * @param local our clock (epoch ms); injected so tests can run it fast or slow
   * @param fetchServerTime the venue's server time (epoch ms); throws our typed errors
   */
  constructor(
    private readonly local: Clock,
    private readonly fetchServerTime: () => Promise<number>,
  ) {}

  /** The venue's time as far as we know (epoch ms): what signed requests are stamped with. */
  now(): number {
    return this.local.now() + this.offset;
  }

  /** Venue time minus local time, in ms (0 before the first measurement). */
  get offsetMs(): number {
    return this.offset;
  }

  /** Measures the offset once, before the first request; later calls find it done. */
  async ready(): Promise<void> {
    if (!this.measured) await this.measure();
  }

  /**
   * Measures the offset again: the server time against the midpoint of the local send and
   * receive times (the reply was stamped somewhere in between). Concurrent callers share one
   * measurement; a failed one is not remembered, so the next call tries again.
   */
  measure(): Promise<void> {
    this.measuring ??= (async () => {
      try {
        const sent = this.local.now();
        const server = await this.fetchServerTime();
        const received = this.local.now();
        if (!Number.isFinite(server)) throw new ExchangeError(`the venue reported no usable server time (${server})`);
        this.offset = server - Math.round((sent + received) / 2);
        this.measured = true;
      } finally {
        this.measuring = undefined;
      }
    })();
    return this.measuring;
  }

  /**
   * Sends a request once the offset is measured. A refusal for the timestamp (ClockSkew, Binance
   * -1021) happens before execution, so after measuring the offset again the same request (for an
   * order: the same clientOrderId) is sent once more; a second refusal is thrown.
   */
  async send<T>(request: () => Promise<T>): Promise<T> {
    await this.ready();
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof ClockSkew)) throw error;
      await this.measure();
      return request();
    }
  }
}
