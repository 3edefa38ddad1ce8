// Fault injection: what a real exchange and network do to a client on a bad day, on demand and
// reproducibly (seeded). Set per run, or at runtime through POST /admin/faults.
import { z } from 'zod';
import { seededRng } from '../core/index.ts';
import type { Rng } from '../core/index.ts';

export const faultSchema = z
  .object({
    /** Added to every REST reply and WebSocket message, in ms. */
    latencyMs: z.number().min(0).max(60_000).default(0),
    /** Probability that a request's connection is closed with no reply, before it is processed. */
    dropRate: z.number().min(0).max(1).default(0),
    /** Probability that a request's connection is reset (TCP RST), before it is processed. */
    resetRate: z.number().min(0).max(1).default(0),
    /** Probability of a 503 "execution status unknown"; for new orders, half of them were executed. */
    unknownStatusRate: z.number().min(0).max(1).default(0),
    /** Probability that a new order is executed and its reply never comes (the client times out). */
    timeoutAfterAcceptRate: z.number().min(0).max(1).default(0),
    /** Server clock offset in ms (the client's timestamps then look early or late). */
    clockSkewMs: z.number().min(-3_600_000).max(3_600_000).default(0),
    /** Market streams stop sending while the connection stays open. */
    staleStreams: z.boolean().default(false),
    /** Probability per market tick that every WebSocket connection is dropped. */
    wsDisconnectRate: z.number().min(0).max(1).default(0),
    /**
     * Lookup lag, in ms after an order was created: GET /api/v3/order answers -2013 "Order does not
     * exist." for an order that exists (Binance reads lookups from memory, then its database, and
     * documents the system as asynchronous). 0 = off.
     */
    lookupLagMs: z.number().int().min(0).max(3_600_000).default(0),
    /** Fraction of orders whose lookups lag (drawn per order from the seed and the orderId). */
    lookupLagRate: z.number().min(0).max(1).default(1),
    /** The order also lags in GET /api/v3/allOrders for as long. */
    lookupLagAllOrders: z.boolean().default(false),
    /** The order's trades also lag in GET /api/v3/myTrades for as long. */
    lookupLagMyTrades: z.boolean().default(false),
    seed: z.number().int().default(1),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;

export class Faults {
  private rng: Rng;
  config: FaultConfig;

  constructor(input: FaultInput = {}) {
    this.config = faultSchema.parse(input);
    this.rng = seededRng(this.config.seed);
  }

  /** Replaces the settings given, keeps the rest; a new seed restarts the random sequence. */
  update(input: FaultInput): FaultConfig {
    const next = faultSchema.parse({ ...this.config, ...input });
    if (input.seed !== undefined) this.rng = seededRng(next.seed);
    this.config = next;
    return next;
  }

  chance(probability: number): boolean {
    return probability > 0 && this.rng.next() < probability;
  }

  /**
   * Whether `source` does not show the order created at `createdAt` (server ms) at `now`. Which
   * orders lag is drawn from the seed and the orderId, not from the request sequence, so it does
   * not depend on how often a client asks.
   */
  hides(orderId: number, createdAt: number, now: number, source: LaggingSource): boolean {
    const { lookupLagMs, lookupLagRate, lookupLagAllOrders, lookupLagMyTrades } = this.config;
    if (lookupLagMs === 0 || now - createdAt >= lookupLagMs) return false;
    if ((source === 'allOrders' && !lookupLagAllOrders) || (source === 'myTrades' && !lookupLagMyTrades)) return false;
    return lookupLagRate >= 1 || seededRng(this.config.seed * 1_000_003 + orderId).next() < lookupLagRate;
  }
}

/** Where an order can be seen: the lookup by id, the list of all orders, the account's trades. */
export type LaggingSource = 'lookup' | 'allOrders' | 'myTrades';
