// Venue errors → ours (core/errors.ts), in one place: ccxt's error classes for every ccxt venue,
// and Binance's own codes for clients that speak to Binance directly. Ordered: the first matching
// row wins, so subclasses come before their parents. A submit that fails with a NetworkError has an
// unknown outcome: the order manager reconciles it by clientOrderId before anything else.
import ccxt from 'ccxt';
import {
  AuthenticationError,
  BadSymbol,
  ClockSkew,
  DuplicateClientOrderId,
  ExchangeError,
  ExchangeUnavailable,
  InsufficientFunds,
  InvalidOrder,
  OrderNotFound,
  RampartError,
  RateLimitExceeded,
  RequestTimeout,
} from '../core/index.ts';

type Make = (message: string, retryAfterMs: number) => RampartError;

/**
 * Venue replies whose meaning ccxt's class gets wrong for us; checked first. An unknown order must be
 * OrderNotFound, or reconciliation would take it for a refusal instead of "the venue never saw it".
 */
const BY_MESSAGE: readonly [RegExp, Make][] = [
  [/EOrder:Unknown order/, (m) => new OrderNotFound(m)], // Kraken; ccxt says InvalidOrder
  [/order with this orderID was not found/i, (m) => new OrderNotFound(m)], // Coinbase; ccxt says ExchangeError
  [/"error"\s*:\s*"(UNAUTHENTICATED|unauthorized)"/, (m) => new AuthenticationError(m)], // Coinbase 401 body
];
type CcxtClass = abstract new (...args: never[]) => Error;

const CCXT: readonly [CcxtClass, Make][] = [
  [ccxt.InsufficientFunds, (m) => new InsufficientFunds(m)],
  [ccxt.OrderNotFound, (m) => new OrderNotFound(m)],
  [ccxt.BadSymbol, (m) => new BadSymbol(m)],
  [ccxt.InvalidOrder, (m) => (/Duplicate order sent/i.test(m) ? new DuplicateClientOrderId(m) : new InvalidOrder(m))],
  [ccxt.BadRequest, (m) => (/Filter failure/i.test(m) ? new InvalidOrder(m) : new ExchangeError(m))],
  [ccxt.AuthenticationError, (m) => new AuthenticationError(m)],
  [ccxt.PermissionDenied, (m) => new AuthenticationError(m)],
  [ccxt.DDoSProtection, (m, retryAfterMs) => new RateLimitExceeded(m, retryAfterMs, /banned/i.test(m))],
  [ccxt.RateLimitExceeded, (m, retryAfterMs) => new RateLimitExceeded(m, retryAfterMs)],
  [ccxt.RequestTimeout, (m) => new RequestTimeout(m)],
  // The venue's clock and ours disagree: resend after re-syncing, the request was not executed.
  [ccxt.InvalidNonce, (m) => new ClockSkew(m)],
  [ccxt.ExchangeNotAvailable, (m) => new ExchangeUnavailable(m)],
  [ccxt.NetworkError, (m) => new ExchangeUnavailable(m)],
  [ccxt.ExchangeError, (m) => new ExchangeError(m)],
];

/** Binance's codes (../shared/specs/binance-spot.md "Error codes"); -2010 and -2011 share a code across causes. */
const BINANCE: Readonly<Record<number, Make>> = {
  [-1003]: (m, retryAfterMs) => new RateLimitExceeded(m, retryAfterMs, /banned/i.test(m)),
  [-1015]: (m, retryAfterMs) => new RateLimitExceeded(m, retryAfterMs),
  [-1021]: (m) => new ClockSkew(m),
  [-1022]: (m) => new AuthenticationError(m),
  [-2014]: (m) => new AuthenticationError(m),
  [-2015]: (m) => new AuthenticationError(m),
  [-1121]: (m) => new BadSymbol(m),
  [-1013]: (m) => new InvalidOrder(m),
  [-1111]: (m) => new InvalidOrder(m),
  [-1115]: (m) => new InvalidOrder(m),
  [-1116]: (m) => new InvalidOrder(m),
  [-1117]: (m) => new InvalidOrder(m),
  [-2010]: (m) => (/insufficient balance/i.test(m) ? new InsufficientFunds(m) : /Duplicate order sent/i.test(m) ? new DuplicateClientOrderId(m) : new InvalidOrder(m)),
  [-2011]: (m) => (/Unknown order/i.test(m) ? new OrderNotFound(m) : new InvalidOrder(m)),
  [-2013]: (m) => new OrderNotFound(m),
};

const CCXT_IDS = new Set<string>(ccxt.exchanges);

/** Default wait after a 429/418 that carried no Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * A ccxt error as ours. `retryAfterMs`: how long the venue asked us to wait (reply-headers.ts
 * retryAfterMs), used for 429/418; 60 s when the reply said nothing.
 */
export function mapExchangeError(error: unknown, venue: string, retryAfterMs = DEFAULT_RETRY_AFTER_MS): RampartError {
  if (error instanceof RampartError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const message = `${venue}: ${venueText(raw)}`;
  for (const [pattern, make] of BY_MESSAGE) if (pattern.test(raw)) return make(message, retryAfterMs);
  for (const [cls, make] of CCXT) if (error instanceof cls) return make(message, retryAfterMs);
  // Anything else from the transport (socket reset, DNS) is a network failure with unknown outcome.
  return new ExchangeUnavailable(message);
}

/** A reply from Binance itself: its HTTP status, and the code and message of its JSON body when it had one. */
export interface BinanceReply {
  readonly status?: number;
  readonly code?: number;
  readonly msg?: string;
}

/** A Binance reply as our error; `retryAfterMs` as for mapExchangeError. */
export function mapBinanceError(reply: BinanceReply, venue: string, retryAfterMs = DEFAULT_RETRY_AFTER_MS): RampartError {
  const message = `${venue}: ${reply.msg ?? (reply.status === undefined ? 'no reply (connection failed or timed out)' : `HTTP ${reply.status}`)}`;
  const byCode = reply.code === undefined ? undefined : BINANCE[reply.code];
  if (byCode !== undefined) return byCode(message, retryAfterMs);
  if (reply.status === 418) return new RateLimitExceeded(message, retryAfterMs, true);
  if (reply.status === 429) return new RateLimitExceeded(message, retryAfterMs);
  if (reply.status === 401 || reply.status === 403) return new AuthenticationError(message);
  if (reply.status === undefined || reply.status >= 500) return new ExchangeUnavailable(message);
  return new ExchangeError(message);
}

/**
 * ccxt puts "<venue id> <raw body>" in its messages; keep the venue's own words: Binance's `msg`,
 * Coinbase's `message` (or its order reply's `error_response.message`), Kraken's `error` list.
 */
function venueText(message: string): string {
  const [first = '', ...rest] = message.split(' ');
  const own = CCXT_IDS.has(first) ? rest.join(' ') : message;
  const body = /^\{.*\}$/s.exec(own)?.[0];
  if (body !== undefined) {
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      const inner = (json['error_response'] ?? {}) as Record<string, unknown>;
      const text = [json['msg'], json['message'], inner['message'], json['error_details'], Array.isArray(json['error']) ? json['error'].join('; ') : json['error']].find((t) => typeof t === 'string' && t !== '');
      if (typeof text === 'string') return text;
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  return own.split('\n')[0]!;
}
