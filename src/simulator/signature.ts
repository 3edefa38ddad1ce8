// Signed-request checks, Binance's way: HMAC-SHA256 over the raw query string followed by the raw
// body (signature removed, nothing re-sorted or re-encoded), then the timestamp/recvWindow rule.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { rejected } from './binance-error.ts';

export interface ApiCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

const API_KEY_FORMAT = /^[A-Za-z0-9_-]{1,128}$/;

export function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** A REST request: the payload is the raw query string followed by the raw body, signature removed. */
export function verifySigned(
  keys: ReadonlyMap<string, string>,
  apiKey: string | undefined,
  rawQuery: string,
  rawBody: string,
  params: URLSearchParams,
  clocks: readonly number[],
): string {
  return verifyPayload(keys, apiKey, stripSignature(rawQuery) + stripSignature(rawBody), params.get('signature'), params, clocks);
}

/**
 * Throws the Binance error for a bad key, signature or timestamp. The timestamp is good when it
 * is within the recvWindow of one of `clocks` (ms): the simulator's market clock, which a client
 * that syncs to server time follows, and the host's, which a client that signs with its own clock
 * follows (a hand-stepped market runs hours ahead of every real clock; Binance's never does).
 */
export function verifyPayload(
  keys: ReadonlyMap<string, string>,
  apiKey: string | undefined,
  payload: string,
  signature: string | null,
  params: URLSearchParams,
  clocks: readonly number[],
): string {
  if (apiKey === undefined || !API_KEY_FORMAT.test(apiKey)) throw rejected.apiKeyFormat();
  const secret = keys.get(apiKey);
  if (secret === undefined) throw rejected.apiKeyRejected();
  if (signature === null || !/^[0-9a-fA-F]{64}$/.test(signature)) throw rejected.badSignature();
  const expected = Buffer.from(sign(secret, payload), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'))) throw rejected.badSignature();
  checkTimestamp(params, clocks);
  return apiKey;
}

function checkTimestamp(params: URLSearchParams, clocks: readonly number[]): void {
  const timestamp = Number(params.get('timestamp'));
  if (!Number.isFinite(timestamp) || params.get('timestamp') === null) throw rejected.mandatory('timestamp');
  const recvWindow = params.has('recvWindow') ? Number(params.get('recvWindow')) : 5000;
  if (!Number.isFinite(recvWindow) || recvWindow < 0) throw rejected.mandatory('recvWindow');
  if (recvWindow > 60_000) throw rejected.recvWindowTooBig();
  if (clocks.some((now) => timestamp < now + 1000 && now - timestamp <= recvWindow)) return;
  // Refused on every clock: the reason is the one of the clock nearest to the timestamp.
  const nearest = clocks.reduce((a, b) => (Math.abs(b - timestamp) < Math.abs(a - timestamp) ? b : a));
  throw timestamp >= nearest + 1000 ? rejected.timestampAhead() : rejected.timestampOutside();
}

function stripSignature(raw: string): string {
  return raw
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('signature='))
    .join('&');
}
