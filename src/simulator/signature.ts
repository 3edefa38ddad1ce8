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
  clocks: readonly SigningClock[],
): string {
  return verifyPayload(keys, apiKey, stripSignature(rawQuery) + stripSignature(rawBody), params.get('signature'), params, clocks);
}

/**
 * A clock a signed timestamp may follow: its time now (ms) and how many of its ms pass per real
 * ms (the replay speed for the market clock, 1 for the host's).
 */
export interface SigningClock {
  readonly now: number;
  readonly scale: number;
}

/**
 * Throws the Binance error for a bad key, signature or timestamp. The timestamp is good when it
 * is within the recvWindow of one of `clocks`: the simulator's market clock, which a client that
 * syncs to server time follows, and the host's, which a client that signs with its own clock
 * follows (a hand-stepped market runs hours ahead of every real clock; Binance's never does).
 * The market clock's window is the recvWindow in real time, i.e. scaled by the replay speed: a
 * client synced to a market replayed 3,600 times faster than real time falls behind it by an
 * hour a second, and re-syncs on the -1021 it gets once past that window.
 */
export function verifyPayload(
  keys: ReadonlyMap<string, string>,
  apiKey: string | undefined,
  payload: string,
  signature: string | null,
  params: URLSearchParams,
  clocks: readonly SigningClock[],
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

function checkTimestamp(params: URLSearchParams, clocks: readonly SigningClock[]): void {
  const timestamp = Number(params.get('timestamp'));
  if (!Number.isFinite(timestamp) || params.get('timestamp') === null) throw rejected.mandatory('timestamp');
  const recvWindow = params.has('recvWindow') ? Number(params.get('recvWindow')) : 5000;
  if (!Number.isFinite(recvWindow) || recvWindow < 0) throw rejected.mandatory('recvWindow');
  if (recvWindow > 60_000) throw rejected.recvWindowTooBig();
  if (clocks.some(({ now, scale }) => timestamp < now + 1000 * scale && now - timestamp <= recvWindow * scale)) return;
  // Refused on every clock: the reason is the one of the clock nearest to the timestamp.
  const nearest = clocks.reduce((a, b) => (Math.abs(b.now - timestamp) < Math.abs(a.now - timestamp) ? b : a));
  throw timestamp >= nearest.now + 1000 * nearest.scale ? rejected.timestampAhead() : rejected.timestampOutside();
}

function stripSignature(raw: string): string {
  return raw
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('signature='))
    .join('&');
}
