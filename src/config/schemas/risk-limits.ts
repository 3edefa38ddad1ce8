// The limits the risk engine holds every order to, whatever the mode.
import { z } from 'zod';
import type { SwitchableLimit } from '../../core/index.ts';

/**
 * Risk limits: shorts allowed (margin/futures-style; spot is long-only), a stop-loss and a
 * take-profit the risk engine puts on every entry (% from entry; 0 = none; the tighter / nearer of
 * it and the strategy's), and entries per UTC day (absent = the mode's default, none for a backtest
 * or a sweep; null = no limit).
 */
export const riskLimitsSchema = z
  .object({
    allowShort: z.boolean().default(false),
    stopLossPct: z.number().min(0).max(100).default(0),
    takeProfitPct: z.number().min(0).default(0),
    maxTradesPerDay: z.number().int().positive().nullable().optional(),
  })
  .strict();

export type RiskLimits = z.output<typeof riskLimitsSchema>;

const percent = z.number().positive().max(100).nullable().optional();

/**
 * The live limits (docs/architecture.md, "Risk"), in an instance file or a backtest config; a
 * sweep has none. Each is off in a backtest and in paper trading unless set, and a live mode gives
 * it a default (risk-defaults.ts); null switches a mode's default off. % are percent (1 = 1%),
 * money is quote currency:
 * - `maxPositionPct`: the position after an entry, % of equity;
 * - `maxOrderPct`: one entry's notional, % of the instance's capital;
 * - `maxPriceDeviationPct`: a limit price or stop trigger at most this far from the last trade price;
 * - `maxDailyLoss` / `maxDailyLossPct`: the UTC day's loss, quote / % of the equity at 00:00 UTC;
 * - `maxDrawdownPct`: fall from the equity peak that pauses entries until an operator resumes;
 * - `maxAtrPct`: ATR(`atrPeriod`, 14 when absent) / price above which no entry is taken;
 * - `checkFilters`: refuse orders the exchange's filters would (lot size, min notional, price)
 *   before they are sent.
 */
export const liveRiskLimitsSchema = z
  .object({
    maxPositionPct: percent,
    maxOrderPct: percent,
    maxPriceDeviationPct: z.number().positive().nullable().optional(),
    maxDailyLoss: z.number().positive().nullable().optional(),
    maxDailyLossPct: percent,
    maxDrawdownPct: percent,
    maxAtrPct: z.number().positive().nullable().optional(),
    atrPeriod: z.number().int().positive().nullable().optional(),
    checkFilters: z.boolean().nullable().optional(),
  } satisfies Record<SwitchableLimit, z.ZodType>)
  .strict();

export type LiveRiskLimits = z.output<typeof liveRiskLimitsSchema>;
