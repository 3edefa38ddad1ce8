// zod schemas shared by several routes (the answers' shapes; request schemas live beside their route).
import { z } from 'zod';
import { parseUtcDate } from '../core/index.ts';
import { API_ROLES, JOURNAL_KINDS } from '../store/index.ts';

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const okSchema = z.object({ ok: z.literal(true) });

export const roleSchema = z.enum(API_ROLES);

export const userSchema = z.object({ name: z.string(), role: roleSchema, createdAt: z.number().int() });

/** An instance name as a path parameter. */
export const instanceParams = z.object({ name: z.string().min(1).max(200) }).strict();

export const instanceStatusSchema = z.object({
  instance: z.string(),
  mode: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  state: z.string(),
  position: z.number(),
  equity: z.number(),
  pnl: z.number(),
  trades: z.number().int(),
  lastSignal: z.string(),
  riskState: z.enum(['active', 'reducing', 'halted']),
  riskReason: z.string(),
  candles: z.number().int(),
  lastCandleTime: z.number().int().nullable(),
  feed: z.string(),
  /** Orders refused in the latest run (risk engine or venue). */
  refusals: z.number().int(),
  /** The last refusal's code (POSITION_LIMIT, …; VENUE for the venue's); null before the first. */
  lastRefusal: z.string().nullable(),
  error: z.string().optional(),
  /** Fall of equity below the peak of the latest run, a fraction of the peak; null before the first balance. */
  drawdown: z.number().nullable(),
  /** The position valued at the last close, quote currency; null before the first balance. */
  exposure: z.number().nullable(),
  /** Exchange orders not final. */
  openOrders: z.number().int(),
});

export const flagSchema = z.object({ scope: z.string(), source: z.string(), reason: z.string(), setAt: z.number().int() });

export const journalKindSchema = z.enum(JOURNAL_KINDS);

export const journalEntrySchema = z.object({
  id: z.number().int(),
  instance: z.string(),
  mode: z.string(),
  kind: journalKindSchema,
  time: z.number().int(),
  candleTime: z.number().int().nullable(),
  data: z.unknown(),
});

export const killEventSchema = z.object({
  id: z.number().int(),
  time: z.number().int(),
  scope: z.string(),
  action: z.string(),
  source: z.string(),
  reason: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  report: z.unknown(),
  doneAt: z.number().int().nullable(),
});

/** A whole number in a query string (`?limit=50`). */
export function queryInt(min: number, max: number) {
  return z.coerce.number().int().min(min).max(max);
}

/** A date in a query string (`?since=`, `?from=`): ISO-8601 or epoch ms, as UTC ms. */
export const dateQuery = z.string().transform((value, ctx) => {
  const time = parseUtcDate(value);
  if (Number.isNaN(time)) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not an ISO-8601 date (2025-01-31, 2025-01-31T10:00) or epoch ms` });
    return z.NEVER;
  }
  return time;
});
