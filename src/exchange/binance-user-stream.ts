// Binance spot's user data stream, as it is now: a subscription on the WebSocket API
// (`userDataStream.subscribe.signature` on `/ws-api/v3`; the listenKey REST calls are retired,
// specs/binance-spot.md), for Binance, its testnet and the local simulator alike. One subscription
// serves an account (a key); every `executionReport` is handed on as an OrderUpdate.
//
// A small client of our own over `ws` rather than ccxt pro's watchOrders/watchMyTrades, which do
// work against the simulator: the caller must know when the subscription is acknowledged (start-up
// recovery reads the exchange only after it, so nothing is missed), and the moment it is lost (the
// orders not final are then reconciled by query); ccxt says neither until a pending watch settles,
// and its watchOrders keeps only the latest state of an order between two calls, so a partial fill
// in between would be found only by stitching in a second loop on watchMyTrades. The raw event has
// the order's state and the trade in one message, and this client serves whichever REST client
// (ccxt or Binance's connector) the instance trades through.
//
// A dropped connection (or Binance ending the subscription: `eventStreamTerminated`) is replaced
// with a doubling wait; a connection that stops answering pings is treated as dropped.
//
// The subscription is signed like a REST call and checked against the venue's clock, so it is
// stamped with the REST adapter's venue clock (Exchange.signingClock) and, refused for its
// timestamp (-1021), sent once more after that clock is measured again, as REST does.
import { WebSocket } from 'ws';
import { AuthenticationError, NetworkError, systemClock } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import type { OrderUpdate, SigningClock, VenueCredentials, VenueOrderStatus } from './port.ts';
import { RECV_WINDOW_MS } from './venue-clock.ts';
import { binanceSignature } from './binance-signature.ts';

/** What happened to the subscription. */
export type UserStreamEvent =
  /** Acknowledged; `afterDrop`: a replacement, so events may have been missed meanwhile. */
  | { readonly type: 'subscribed'; readonly afterDrop: boolean }
  /** Lost (why), and the wait before the next attempt, ms. */
  | { readonly type: 'disconnected'; readonly reason: string; readonly retryInMs: number };

export interface BinanceUserStreamOptions {
  /** The WS API endpoint, e.g. `wss://ws-api.binance.com:443/ws-api/v3`. */
  readonly url: string;
  /** The account's key pair (HMAC): the subscription is signed with it. */
  readonly credentials: VenueCredentials;
  /**
   * Stamps the signed request (epoch ms); default the system clock. A SigningClock (the REST
   * adapter's venue clock) is measured before the first subscription if it was not yet, and again
   * on a -1021 refusal, after which the subscription is sent once more.
   */
  readonly clock?: Clock | SigningClock;
  /** Every order change of the account, in the order the venue sent them. */
  readonly onUpdate: (update: OrderUpdate) => void;
  readonly onEvent?: (event: UserStreamEvent) => void;
  /** First wait before a new connection after a drop, ms (doubling, up to `maxRetryMs`); default 250. */
  readonly firstRetryMs?: number;
  /** Longest wait between attempts, ms; default 10 000. */
  readonly maxRetryMs?: number;
  /** A connection attempt (open and acknowledgement) that takes longer fails, ms; default 10 000. */
  readonly subscribeTimeoutMs?: number;
  /** A ping every this many ms; no pong by the next one and the connection is dropped. Default 20 000. */
  readonly pingMs?: number;
}

/** Binance's refusal of a timestamp outside the recvWindow (specs/binance-spot.md, error -1021). */
const TIMESTAMP_REFUSED = -1021;

/** Binance's order status → the port's. */
const STATUS: Readonly<Record<string, VenueOrderStatus>> = {
  NEW: 'open',
  PARTIALLY_FILLED: 'open',
  PENDING_CANCEL: 'open',
  PENDING_NEW: 'open',
  FILLED: 'closed',
  CANCELED: 'canceled',
  EXPIRED: 'expired',
  EXPIRED_IN_MATCH: 'expired',
  REJECTED: 'rejected',
};

export class BinanceUserStream {
  private socket: WebSocket | undefined;
  private closed = false;
  private subscribedOnce = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private first: { resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(private readonly options: BinanceUserStreamOptions) {
    this.retryMs = options.firstRetryMs ?? 250;
  }

  /** True while a subscription is acknowledged and its connection open. */
  get live(): boolean {
    return this.socket !== undefined && this.subscribedOnce && this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Connects and subscribes; resolves once the venue has acknowledged the subscription. A first
   * attempt that fails on the network rejects with NetworkError and leaves the stream retrying
   * (with `onEvent` told); a refusal (a bad key or signature) rejects with AuthenticationError and stops.
   */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.first = { resolve, reject };
      this.connect();
    });
  }

  /** Ends the subscription for good; no reconnection. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.socket?.terminate();
    this.socket = undefined;
  }

  private connect(): void {
    if (this.closed) return;
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    const requestId = `subscribe-${this.nextId++}`;
    let acknowledged = false;
    let ended = false;
    const timeout = setTimeout(() => end('no acknowledgement of the subscription in time'), this.options.subscribeTimeoutMs ?? 10_000);
    timeout.unref();
    let answered = true;
    const end = (reason: string, refusal?: AuthenticationError): void => {
      if (ended) return;
      ended = true;
      clearTimeout(timeout);
      clearInterval(this.pingTimer);
      socket.removeAllListeners();
      socket.on('error', () => undefined); // a late error of a connection given up on
      socket.terminate();
      if (this.socket === socket) this.socket = undefined;
      this.lost(reason, refusal);
    };
    const clock = this.options.clock;
    const synced = clock !== undefined && 'measure' in clock ? clock : undefined;
    let resent = false;
    // After `settle` (the clock measured, if needed): sent on the venue's time as we know it.
    const subscribe = (settle: (() => Promise<void>) | undefined): void => {
      void (settle?.() ?? Promise.resolve()).then(
        () => {
          if (!ended) socket.send(JSON.stringify({ id: requestId, method: 'userDataStream.subscribe.signature', params: this.signed() }));
        },
        (error: unknown) => end(`the venue's time could not be read to sign the subscription: ${error instanceof Error ? error.message : String(error)}`),
      );
    };
    socket.on('open', () => subscribe(synced === undefined ? undefined : () => synced.ready()));
    socket.on('pong', () => (answered = true));
    socket.on('error', (error) => end(error.message));
    socket.on('close', (code) => end(`connection closed (${code})`));
    socket.on('message', (data) => {
      let message: { id?: unknown; status?: unknown; error?: { code?: unknown; msg?: unknown }; event?: Record<string, unknown> };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        return; // not ours to judge; the venue's next message will tell
      }
      if (message.id === requestId) {
        if (message.status !== 200) {
          const code = message.error?.code;
          const text = `the user data stream subscription was refused: ${String(message.error?.msg ?? message.status)} (${String(code)})`;
          if (code === TIMESTAMP_REFUSED) {
            // Refused for the timestamp: measured again and sent once more; a second refusal is a
            // lost connection (the next attempt measures again), not a bad key.
            if (resent || synced === undefined) return end(text);
            resent = true;
            subscribe(() => synced.measure());
            return;
          }
          end(text, new AuthenticationError(text));
          return;
        }
        acknowledged = true;
        clearTimeout(timeout);
        this.pingTimer = setInterval(() => {
          if (!answered) return end('no pong to the last ping');
          answered = false;
          socket.ping();
        }, this.options.pingMs ?? 20_000);
        this.pingTimer.unref();
        this.subscribed();
        return;
      }
      const event = message.event;
      if (!acknowledged || event === undefined) return;
      if (event['e'] === 'executionReport') this.options.onUpdate(orderUpdate(event));
      else if (event['e'] === 'eventStreamTerminated') end('the venue ended the subscription');
    });
  }

  private subscribed(): void {
    const afterDrop = this.subscribedOnce;
    this.subscribedOnce = true;
    this.retryMs = this.options.firstRetryMs ?? 250;
    this.options.onEvent?.({ type: 'subscribed', afterDrop });
    this.first?.resolve();
    this.first = undefined;
  }

  private lost(reason: string, refusal: AuthenticationError | undefined): void {
    if (this.closed) return;
    if (refusal !== undefined && this.first !== undefined) {
      this.closed = true;
      this.first.reject(refusal);
      this.first = undefined;
      return;
    }
    const retryInMs = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 10_000);
    this.options.onEvent?.({ type: 'disconnected', reason, retryInMs });
    this.first?.reject(new NetworkError(`user data stream at ${this.options.url}: ${reason}`));
    this.first = undefined;
    this.retryTimer = setTimeout(() => this.connect(), retryInMs);
    this.retryTimer.unref();
  }

  /** The subscription's parameters, signed: every parameter but the signature, sorted by name, HMAC-SHA256 in hex. */
  private signed(): Record<string, string | number> {
    const { apiKey, secret } = this.options.credentials;
    const params: Record<string, string | number> = { apiKey, recvWindow: RECV_WINDOW_MS, timestamp: (this.options.clock ?? systemClock).now() };
    const payload = Object.keys(params)
      .sort()
      .map((key) => `${key}=${params[key]}`)
      .join('&');
    return { ...params, signature: binanceSignature(secret, payload) };
  }
}

/**
 * An `executionReport` as the port's OrderUpdate. A cancel's report names the cancel request in
 * `c` and the order in `C`; the order's own id is taken.
 */
function orderUpdate(event: Record<string, unknown>): OrderUpdate {
  const original = typeof event['C'] === 'string' && event['C'] !== '' ? event['C'] : undefined;
  const tradeId = Number(event['t']);
  const quantity = Number(event['l']);
  return {
    symbol: String(event['s']),
    clientOrderId: original ?? String(event['c']),
    orderId: String(event['i']),
    side: event['S'] === 'SELL' ? 'sell' : 'buy',
    status: STATUS[String(event['X'])] ?? 'open',
    price: Number(event['p']),
    amount: Number(event['q']),
    filled: Number(event['z']),
    cost: Number(event['Z']),
    time: Number(event['E']),
    ...(event['x'] === 'TRADE' && tradeId >= 0 && quantity > 0
      ? { fill: { tradeId: String(event['t']), price: Number(event['L']), amount: quantity, fee: Number(event['n']), feeCurrency: typeof event['N'] === 'string' ? event['N'] : '' } }
      : {}),
  };
}
