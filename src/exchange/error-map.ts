// ccxt's errors → ours (core/errors.ts), in one place. Ordered: the first matching row wins, so
// subclasses come before their parents. A submit that fails with a NetworkError has an unknown
// outcome: the order manager reconciles it by clientOrderId before anything else.
import ccxt from 'ccxt';
import {
  AuthenticationError,
  BadSymbol,
  DuplicateClientOrderId,
  ExchangeError,
  ExchangeUnavailable,
  InsufficientFunds,
  InvalidOrder,
  NetworkError,
  OrderNotFound,
  RampartError,
  RateLimitExceeded,
  RequestTimeout,
} from '../core/index.ts';

type CcxtClass = abstract new (...args: never[]) => Error;

const TABLE: readonly [CcxtClass, (message: string, retryAfterMs: number) => RampartError][] = [
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
  // The venue's clock and ours disagree: retry after re-syncing, the request was not executed.
  [ccxt.InvalidNonce, (m) => new NetworkError(m)],
  [ccxt.ExchangeNotAvailable, (m) => new ExchangeUnavailable(m)],
  [ccxt.NetworkError, (m) => new ExchangeUnavailable(m)],
  [ccxt.ExchangeError, (m) => new ExchangeError(m)],
];

/** Default wait after a 429/418 that carried no Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 60_000;

export function mapExchangeError(error: unknown, venue: string, retryAfterSeconds?: number): RampartError {
  if (error instanceof RampartError) return error;
  const message = `${venue}: ${oneLine(error instanceof Error ? error.message : String(error))}`;
  const retryAfterMs = retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : DEFAULT_RETRY_AFTER_MS;
  for (const [cls, make] of TABLE) if (error instanceof cls) return make(message, retryAfterMs);
  // Anything else from the transport (socket reset, DNS) is a network failure with unknown outcome.
  return new ExchangeUnavailable(message);
}

/** ccxt puts "binance {json}" in messages; keep the venue's own text. */
function oneLine(message: string): string {
  const json = /\{.*"msg"\s*:\s*"([^"]*)".*\}/.exec(message);
  const text = json?.[1] ?? message.replace(/^binance\s+/, '');
  return text.split('\n')[0]!;
}
