// Binance's request-weight accounting: fixed one-minute windows per client address, HTTP 429
// with Retry-After when a request would exceed the limit, and a ban (HTTP 418) for a client that
// keeps going after being told to stop. Orders are also counted per 10-second window.
import { BinanceError } from './binance-error.ts';

export interface WeightLimits {
  readonly weightPerMinute: number;
  readonly ordersPer10s: number;
  /** 429s a client may receive in one window before it is banned. */
  readonly strikesBeforeBan: number;
  readonly banMs: number;
  /** Length of a weight window; Binance's is one minute (shorter only to test clients quickly). */
  readonly windowMs?: number;
}

interface ClientState {
  window: number;
  used: number;
  strikes: number;
  orderWindow: number;
  orders: number;
  bannedUntil: number;
}

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;

export class RequestWeights {
  private readonly clients = new Map<string, ClientState>();
  /** Replies refused so far, by HTTP status (429, 418): what a soak test checks. */
  readonly refusals = { 429: 0, 418: 0 };

  constructor(readonly limits: WeightLimits) {}

  private get windowMs(): number {
    return this.limits.windowMs ?? MINUTE;
  }

  /**
   * Counts a request's weight, or throws the 429/418 reply it gets instead. Returns the weight used.
   * `now` is the host clock (windows and bans last real time); `serverNow` the clock the client is
   * shown, on which a ban's end is written.
   */
  charge(client: string, weight: number, now: number, serverNow = now): number {
    const state = this.state(client, now);
    const banned = (): BinanceError =>
      new BinanceError(418, -1003, `Way too much request weight used; IP banned until ${state.bannedUntil - now + serverNow}. Please use WebSocket Streams for live updates to avoid bans.`, Math.ceil((state.bannedUntil - now) / 1000));
    if (state.bannedUntil > now) {
      this.refusals[418]++;
      throw banned();
    }
    // Refused requests count too (as on Binance): a client that keeps polling stays over the limit.
    state.used += weight;
    if (state.used > this.limits.weightPerMinute) {
      state.strikes++;
      if (state.strikes > this.limits.strikesBeforeBan) {
        state.bannedUntil = now + this.limits.banMs;
        this.refusals[418]++;
        throw banned();
      }
      this.refusals[429]++;
      throw new BinanceError(
        429,
        -1003,
        `Too much request weight used; current limit is ${this.limits.weightPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
        Math.max(1, Math.ceil((state.window + this.windowMs - now) / 1000)),
      );
    }
    return state.used;
  }

  /** Counts a new order against the 10-second order limit. Returns the count in the window. */
  chargeOrder(client: string, now: number): number {
    const state = this.state(client, now);
    if (state.orders + 1 > this.limits.ordersPer10s) {
      this.refusals[429]++;
      throw new BinanceError(429, -1015, `Too many new orders; current limit is ${this.limits.ordersPer10s} orders per 10 SECOND.`, Math.ceil((state.orderWindow + TEN_SECONDS - now) / 1000));
    }
    state.orders++;
    return state.orders;
  }

  /** A ban set from outside (fault injection). */
  ban(client: string, now: number, ms: number): void {
    this.state(client, now).bannedUntil = now + ms;
  }

  private state(client: string, now: number): ClientState {
    let state = this.clients.get(client);
    if (state === undefined) {
      state = { window: 0, used: 0, strikes: 0, orderWindow: 0, orders: 0, bannedUntil: 0 };
      this.clients.set(client, state);
    }
    const window = Math.floor(now / this.windowMs) * this.windowMs;
    if (window !== state.window) {
      state.window = window;
      state.used = 0;
      state.strikes = 0;
    }
    const orderWindow = Math.floor(now / TEN_SECONDS) * TEN_SECONDS;
    if (orderWindow !== state.orderWindow) {
      state.orderWindow = orderWindow;
      state.orders = 0;
    }
    return state;
  }
}
