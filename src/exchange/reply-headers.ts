// What a venue's reply headers and refusal text say about its rate limits, read the same way by
// every adapter. HTTP header names are case-insensitive (RFC 9110 §5.1): ccxt capitalises them
// (X-Mbx-Used-Weight-1m), axios lower-cases them, so they are compared in lower case only.

/**
 * A reply's headers with lower-case names and string values (repeated headers joined by ", ").
 * Accepts a plain record or any object whose own enumerable keys are the header names (axios's
 * AxiosHeaders); anything else gives an empty record.
 */
export function lowerCaseHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === null || typeof raw !== 'object') return out;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null || typeof value === 'function') continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return out;
}

/** Binance's -1003 ban text: "IP banned until 1700000000000" (epoch ms on the venue's clock). */
const BANNED_UNTIL = /banned until (\d{12,})/i;

/**
 * How long the venue asks us to wait, in ms: the longer of `Retry-After` (seconds, RFC 9110
 * §10.2.3; Binance sends it with every 429 and 418) and the ban's end time in the message, taken
 * against `venueNow` (the venue's clock, epoch ms). Undefined when the reply says neither.
 */
export function retryAfterMs(headers: Readonly<Record<string, string>> | undefined, message: string, venueNow: number): number | undefined {
  const seconds = Number(headers?.['retry-after']);
  const fromHeader = headers?.['retry-after'] !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  const until = BANNED_UNTIL.exec(message)?.[1];
  const fromMessage = until === undefined ? undefined : Math.max(0, Number(until) - venueNow);
  if (fromHeader === undefined) return fromMessage;
  return fromMessage === undefined ? fromHeader : Math.max(fromHeader, fromMessage);
}
