// How the simulated venue fills: when a decision fills, what it costs, and the market's rounding.
import { z } from 'zod';
import { FILL_TIMINGS } from '../../core/index.ts';

/** Binance spot's taker fee, the default cost per side. */
export const DEFAULT_FEE = 0.001;

/**
 * Fill model: fill timing, fee (fraction of notional, per side) and slippage (fraction of price,
 * always against the trader). Both rates are fractions here; files and flags may write `0.1%`
 * (core/rate.ts converts before the schema sees them).
 */
export const fillModelSchema = z
  .object({
    fill: z.enum(FILL_TIMINGS).default('next-open'),
    fee: z.number().min(0).max(0.1).default(DEFAULT_FEE),
    slippage: z.number().min(0).max(0.1).default(0),
  })
  .strict();

export type FillModel = z.output<typeof fillModelSchema>;

/** The market's lot step, tick and min notional, when a run overrides the symbol's known rules. */
export const marketRulesOverrideSchema = z
  .object({
    lotStep: z.number().min(0).optional(),
    tickSize: z.number().min(0).optional(),
    minNotional: z.number().min(0).optional(),
  })
  .strict();
