// Binance's error replies: HTTP status + {code, msg}, with the exact texts clients match on
// (ccxt maps several messages, not only codes; see specs/binance-spot.md §6 and §9.6).

export class BinanceError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
    /** Seconds, for 429/418 replies. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  body(): { code: number; msg: string } {
    return { code: this.code, msg: this.message };
  }
}

function illegalChars(name: string, range: string): BinanceError {
  return new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${range}'.`);
}

export const rejected = {
  insufficientBalance: () => new BinanceError(400, -2010, 'Account has insufficient balance for requested action.'),
  duplicateOrder: () => new BinanceError(400, -2010, 'Duplicate order sent.'),
  wouldTriggerImmediately: () => new BinanceError(400, -2010, 'Order would trigger immediately.'),
  /** `kind`: "Market", "Iceberg", "Stop loss", "Take profit limit", "Trailing stop" … (Binance's texts). */
  notSupported: (kind: string) => new BinanceError(400, -2010, `${kind} orders are not supported for this symbol.`),
  wouldMatchAndTake: () => new BinanceError(400, -2010, 'Order would immediately match and take.'),
  unknownOrderCancel: () => new BinanceError(400, -2011, 'Unknown order sent.'),
  noSuchOrder: () => new BinanceError(400, -2013, 'Order does not exist.'),
  clientIdMismatch: () => new BinanceError(400, -2039, 'Client order ID is not correct for this order ID.'),
  filter: (name: string) => new BinanceError(400, -1013, `Filter failure: ${name}`),
  invalidSymbol: () => new BinanceError(400, -1121, 'Invalid symbol.'),
  invalidInterval: () => new BinanceError(400, -1120, 'Invalid interval.'),
  windowTooLong: () => new BinanceError(400, -1127, 'More than 24 hours between startTime and endTime.'),
  badCombination: () => new BinanceError(400, -1128, 'Combination of optional parameters invalid.'),
  invalidParameter: (name: string) => new BinanceError(400, -1130, `Data sent for parameter '${name}' is not valid.`),
  mandatory: (name: string) => new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  eitherParam: (a: string, b: string) => new BinanceError(400, -1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`),
  illegalChars,
  illegalDecimal: (name: string) => illegalChars(name, '^([0-9]{1,20})(\\.[0-9]{1,20})?$'),
  tooPrecise: (name: string) => new BinanceError(400, -1111, `Parameter '${name}' has too much precision.`),
  notRequired: (name: string) => new BinanceError(400, -1106, `Parameter '${name}' sent when not required.`),
  invalidSide: () => new BinanceError(400, -1117, 'Invalid side.'),
  invalidType: () => new BinanceError(400, -1116, 'Invalid orderType.'),
  invalidTif: () => new BinanceError(400, -1115, 'Invalid timeInForce.'),
  timestampOutside: () => new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  timestampAhead: () => new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  recvWindowTooBig: () => new BinanceError(400, -1131, 'recvWindow must be less than 60000'),
  badSignature: () => new BinanceError(400, -1022, 'Signature for this request is not valid.'),
  apiKeyFormat: () => new BinanceError(401, -2014, 'API-key format invalid.'),
  apiKeyRejected: () => new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  listenKey: () => new BinanceError(400, -1125, 'This listenKey does not exist.'),
  unknownEndpoint: () => new BinanceError(404, -1020, 'This operation is not supported.'),
  /** A 5xx: the request may or may not have been carried out. */
  unknownStatus: () => new BinanceError(503, -1006, 'An unexpected response was received from the message bus. Execution status unknown.'),
} as const;
