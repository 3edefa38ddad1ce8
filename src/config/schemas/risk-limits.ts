// The limits the risk engine holds every intent to, whatever the mode.
import { z } from 'zod';

/**
 * Risk limits: shorts allowed (margin/futures-style; spot is long-only), a stop-loss and a
 * take-profit the risk engine puts on every entry (% from entry; 0 = none; the tighter / nearer of
 * it and the strategy's), and entries per UTC day (absent = no limit). The live limits (position
 * and order size as % of equity, daily loss, drawdown pause) join this schema when they are built.
 */
export const riskLimitsSchema = z
  .object({
    allowShort: z.boolean().default(false),
    stopLossPct: z.number().min(0).max(100).default(0),
    takeProfitPct: z.number().min(0).default(0),
    maxTradesPerDay: z.number().int().positive().optional(),
  })
  .strict();

export type RiskLimits = z.output<typeof riskLimitsSchema>;
