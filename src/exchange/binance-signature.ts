// Binance's request signature (specs/binance-spot.md, "SIGNED endpoint security"): HMAC-SHA256 of
// the request's payload (its query string, or the sorted parameters of a WebSocket API request)
// keyed with the API secret, in lowercase hex. One definition for every client that signs.
import { createHmac } from 'node:crypto';

/** The signature of `payload` under `secret`: 64 lowercase hex characters. */
export function binanceSignature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}
