// The error tree: grouped by what the caller does next (see STYLE.md "Errors").
// Every error has a stable code; exchange codes are mapped onto these once, at the boundary.

export type ErrorCode =
  | 'INPUT'
  | 'CONFIG'
  | 'INVARIANT'
  | 'EXCHANGE'
  | 'AUTHENTICATION'
  | 'INSUFFICIENT_FUNDS'
  | 'BAD_SYMBOL'
  | 'INVALID_ORDER'
  | 'ORDER_NOT_FOUND'
  | 'DUPLICATE_CLIENT_ORDER_ID'
  | 'NETWORK'
  | 'REQUEST_TIMEOUT'
  | 'RATE_LIMITED'
  | 'CLOCK_SKEW'
  | 'EXCHANGE_UNAVAILABLE'
  | 'STORE';

export abstract class RampartError extends Error {
  abstract readonly code: ErrorCode;
  override get name(): string {
    return this.constructor.name;
  }
}

/** Where in a file a problem sits, so messages can name it. */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}

/** Bad user input (a file, a flag, a value): reject it with one line naming where. */
export class InputError extends RampartError {
  readonly code = 'INPUT' as const;
  /** The message without its location (to locate it again, e.g. with the line of its field). */
  readonly detail: string;
  constructor(
    message: string,
    readonly location: InputLocation = {},
  ) {
    super(formatLocated(message, location));
    this.detail = message;
  }
}

/** Invalid configuration: fail at start. */
export class ConfigError extends RampartError {
  readonly code = 'CONFIG' as const;
  /** The message without its location (to locate it again, e.g. with the line of its field). */
  readonly detail: string;
  constructor(
    message: string,
    readonly location: InputLocation = {},
  ) {
    super(formatLocated(message, location));
    this.detail = message;
  }
}

/** A bug or corrupt state: stop, let recovery restart. */
export class InvariantError extends RampartError {
  readonly code = 'INVARIANT' as const;
}

/** The exchange refused: do not retry; the order is rejected with the reason. */
export class ExchangeError extends RampartError {
  readonly code: ErrorCode = 'EXCHANGE';
}
export class AuthenticationError extends ExchangeError {
  override readonly code = 'AUTHENTICATION' as const;
}
export class InsufficientFunds extends ExchangeError {
  override readonly code = 'INSUFFICIENT_FUNDS' as const;
}
export class BadSymbol extends ExchangeError {
  override readonly code = 'BAD_SYMBOL' as const;
}
export class InvalidOrder extends ExchangeError {
  override readonly code = 'INVALID_ORDER' as const;
}
export class OrderNotFound extends ExchangeError {
  override readonly code = 'ORDER_NOT_FOUND' as const;
}
export class DuplicateClientOrderId extends ExchangeError {
  override readonly code = 'DUPLICATE_CLIENT_ORDER_ID' as const;
}

/** Transient: retry with backoff; a timed-out submit is unknown until reconciled. */
export class NetworkError extends RampartError {
  readonly code: ErrorCode = 'NETWORK';
}
export class RequestTimeout extends NetworkError {
  override readonly code = 'REQUEST_TIMEOUT' as const;
}
export class RateLimitExceeded extends NetworkError {
  override readonly code = 'RATE_LIMITED' as const;
  constructor(
    message: string,
    readonly retryAfterMs: number,
    /** The venue has banned us (Binance HTTP 418): nothing may be sent until the wait is over. */
    readonly banned = false,
  ) {
    super(message);
  }
}
/**
 * The venue refused a signed request because its timestamp fell outside the receive window
 * (Binance -1021). Refused before execution, so it is safe to resend, once the offset to the
 * venue's clock has been measured again.
 */
export class ClockSkew extends NetworkError {
  override readonly code = 'CLOCK_SKEW' as const;
}
export class ExchangeUnavailable extends NetworkError {
  override readonly code = 'EXCHANGE_UNAVAILABLE' as const;
}

/**
 * A write to the store failed (disk full, a read-only file or folder, no permission): whatever
 * was to be written first (a journal entry, an order record) is not there, so nothing after it
 * may be acted on; a fleet stops trading. The message names the store and the error code.
 */
export class StoreFailure extends RampartError {
  readonly code = 'STORE' as const;
}

function formatLocated(message: string, { file, line, field }: InputLocation): string {
  const where = [file, line === undefined ? undefined : `line ${line}`, field === undefined ? undefined : `field '${field}'`]
    .filter((part) => part !== undefined)
    .join(', ');
  return where === '' ? message : `${where}: ${message}`;
}
