// A call gate that reports what the venue's replies say to an observer (the fleet's metrics): the
// request weight used in the venue's window, from its used-weight header, and each call that
// failed, as the error our error map made of it. It sends, retries and refuses nothing itself:
// that stays with the gate it wraps (the rate limiter, or none).
import { lowerCaseHeaders } from './reply-headers.ts';
import type { CallGate } from './call-gate.ts';

/** What a metered gate reports. */
export interface CallMeter {
  /** The venue's request weight used in its current window (Binance: `x-mbx-used-weight-1m`), after a reply that carried it. */
  weightUsed(used: number): void;
  /** A call failed (after the inner gate's retries): the error as thrown (a RampartError from the error map, or another). */
  failed(error: unknown): void;
}

/** Binance's header of the weight used in the current minute (compared in lower case). */
const USED_WEIGHT_HEADER = 'x-mbx-used-weight-1m';

/** `inner` (the rate limiter, or DIRECT_GATE) with every reply's used weight and every failure reported to `meter`. */
export function meteredGate(inner: CallGate, meter: CallMeter): CallGate {
  const observe = (headers: () => Record<string, string> | undefined): void => {
    const raw = lowerCaseHeaders(headers())[USED_WEIGHT_HEADER];
    const used = raw === undefined ? NaN : Number(raw);
    if (Number.isFinite(used)) meter.weightUsed(used);
  };
  return {
    async run(weight, call, headers, idempotent) {
      try {
        const result = await inner.run(weight, call, headers, idempotent);
        observe(headers);
        return result;
      } catch (error) {
        observe(headers);
        meter.failed(error);
        throw error;
      }
    },
  };
}
