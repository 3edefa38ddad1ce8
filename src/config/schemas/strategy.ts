// Which strategy runs, and with which parameter values.
import { z } from 'zod';

/** The strategy a run uses when none is named. */
export const DEFAULT_STRATEGY = 'macd-cross';

/** A strategy parameter's value as configs hold it. */
export const paramValueSchema = z.union([z.number(), z.boolean(), z.string()]);

/**
 * Strategy: a built-in name or a strategy file (stored by absolute path, so a run replays from any
 * directory), and its parameter values; missing parameters take the strategy's defaults.
 */
export const strategySchema = z
  .object({
    strategy: z.string().min(1).default(DEFAULT_STRATEGY),
    params: z.record(z.string(), paramValueSchema).default({}),
  })
  .strict();

export type StrategyChoice = z.output<typeof strategySchema>;
