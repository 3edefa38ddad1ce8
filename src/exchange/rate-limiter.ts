// A per-exchange request-weight budget. It spends at most `safety` of the venue's limit per
// window, corrects its count from the venue's own used-weight header after every reply (other
// processes on the same address spend from the same budget), backs off with jitter on 429 for at
// least its Retry-After, and on a ban (418) refuses every call locally until the ban ends: Binance
// lengthens a ban for an address that keeps sending. Only what is safe is retried: a refusal
// before execution always, a network failure only for idempotent calls (never a new order, whose
// outcome is then unknown and must be reconciled instead).
import { ClockSkew, NetworkError, RateLimitExceeded } from '../core/index.ts';
import type { Clock, Rng } from '../core/index.ts';
import type { CallGate } from './call-gate.ts';
import { lowerCaseHeaders } from './reply-headers.ts';

export interface RateLimiterOptions {
  readonly weightPerWindow: number;
  readonly windowMs?: number;
  /** Share of the limit we allow ourselves. */
  readonly safety?: number;
  readonly maxRetries?: number;
  /** First backoff step; doubles per retry, with full jitter. */
  readonly backoffMs?: number;
  /** The header carrying the venue's count for the window (any case; compared in lower case). */
  readonly usedWeightHeader?: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RateLimiterStats {
  waits: number;
  rateLimited: number;
  banned: number;
  /** Calls refused here, unsent, while a ban lasted. */
  refusedWhileBanned: number;
  retries: number;
}

export class RateLimiter implements CallGate {
  private used = 0;
  /** Weight of calls sent and not yet answered: they may land in the venue's next window. */
  private inFlight = 0;
  private window = 0;
  private bannedUntil = 0;
  readonly stats: RateLimiterStats = { waits: 0, rateLimited: 0, banned: 0, refusedWhileBanned: 0, retries: 0 };
  private readonly windowMs: number;
  private readonly budget: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly usedWeightHeader: string;

  constructor(private readonly options: RateLimiterOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    this.usedWeightHeader = (options.usedWeightHeader ?? 'x-mbx-used-weight-1m').toLowerCase();
    this.budget = Math.floor(options.weightPerWindow * (options.safety ?? 0.8));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * See CallGate.run. Throws RateLimitExceeded (banned) without sending while a ban lasts, and
   * the venue's own error once retries are spent or the error is not safe to retry.
   */
  async run<T>(weight: number, call: () => Promise<T>, headers: () => Record<string, string> | undefined, idempotent: boolean): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      await this.acquire(weight);
      this.inFlight += weight;
      try {
        const result = await call();
        this.inFlight -= weight;
        this.observe(headers());
        return result;
      } catch (error) {
        this.inFlight -= weight;
        this.observe(headers());
        this.learn(error);
        if (attempt >= maxRetries || !this.retryable(error, idempotent)) throw error;
        this.stats.retries++;
        await this.sleep(this.backoff(attempt, error));
      }
    }
  }

  /** Weight spent in the current window, as far as we know. */
  get usedWeight(): number {
    this.roll(this.options.clock.now());
    return this.used;
  }

  /** When the venue's ban ends on our clock (epoch ms); 0 or past when there is none. */
  get bannedUntilMs(): number {
    return this.bannedUntil;
  }

  /** What a refusal tells us about the venue's budget: a ban's end, or a full window. */
  private learn(error: unknown): void {
    if (!(error instanceof RateLimitExceeded)) return;
    const now = this.options.clock.now();
    if (error.banned) {
      this.stats.banned++;
      this.bannedUntil = Math.max(this.bannedUntil, now + error.retryAfterMs);
    } else {
      this.stats.rateLimited++;
      // The venue says the window is full: treat our budget as spent until it rolls over.
      this.used = this.budget;
    }
  }

  private retryable(error: unknown, idempotent: boolean): boolean {
    // Bans last minutes to days: the caller decides what to do meanwhile, nothing is resent.
    if (error instanceof RateLimitExceeded) return !error.banned;
    // Resending on the same clock would be refused again: the adapter re-measures it and resends.
    if (error instanceof ClockSkew) return false;
    return idempotent && error instanceof NetworkError;
  }

  private backoff(attempt: number, error: unknown): number {
    const base = (this.options.backoffMs ?? 250) * 2 ** attempt;
    const jittered = this.options.rng.next() * base;
    if (error instanceof RateLimitExceeded) return Math.max(jittered, error.retryAfterMs);
    return jittered;
  }

  private async acquire(weight: number): Promise<void> {
    for (;;) {
      const now = this.options.clock.now();
      this.roll(now);
      if (this.bannedUntil > now) {
        this.stats.refusedWhileBanned++;
        const left = this.bannedUntil - now;
        throw new RateLimitExceeded(
          `refused locally: the venue banned this address until ${new Date(this.bannedUntil).toISOString()} (${Math.ceil(left / 1000)} s from now); nothing is sent before then`,
          left,
          true,
        );
      }
      // Checked and spent with no await in between, so concurrent callers cannot overspend.
      if (this.used + weight <= this.budget || this.used === 0) {
        this.used += weight;
        return;
      }
      this.stats.waits++;
      await this.sleep(this.window + this.windowMs - now + Math.floor(this.options.rng.next() * 20));
    }
  }

  private roll(now: number): void {
    const window = Math.floor(now / this.windowMs) * this.windowMs;
    if (window !== this.window) {
      this.window = window;
      // Calls still on their way count in the new window: the venue counts them on arrival.
      this.used = this.inFlight;
    }
  }

  private observe(headers: Record<string, string> | undefined): void {
    const raw = headers === undefined ? undefined : lowerCaseHeaders(headers)[this.usedWeightHeader];
    if (raw === undefined) return;
    const reported = Number(raw);
    if (Number.isFinite(reported) && reported > this.used) this.used = reported;
  }
}
