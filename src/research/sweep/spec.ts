// A sweep: a strategy's parameter ranges × symbols × timeframes × date ranges, on shared backtest
// settings. One zod schema for the YAML file; CLI flags override its fields.
import { z } from 'zod';
import { configIssueError, readYamlMapping } from '../../config/index.ts';
import { parseRate, TIMEFRAMES } from '../../core/index.ts';
import type { Timeframe } from '../../core/index.ts';
import { DATA_SOURCES } from '../../data/index.ts';
import { DEFAULT_WARMUP_CANDLES } from '../../backtest/index.ts';

const dateSchema = z.union([z.number().int(), z.string().min(1)]);

export const sweepSpecSchema = z
  .object({
    strategy: z.string().min(1).default('macd-cross'),
    exchange: z.string().min(1).default('binance'),
    /** Stored or bundled candles when both have a set (see data/resolve.ts). */
    source: z.enum(DATA_SOURCES).default('auto'),
    symbols: z.array(z.string().min(1)).min(1),
    timeframes: z.array(z.enum(TIMEFRAMES as [Timeframe, ...Timeframe[]])).min(1),
    /** Per parameter: `3..40`, `3..40:2`, `fast+2..80`, `1,2,5`, a number or a list. */
    params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.number())])).default({}),
    /** Date windows; none = all the data. */
    ranges: z.array(z.object({ from: dateSchema.optional(), to: dateSchema.optional() }).strict()).default([]),
    /** Random sample of this many scenarios instead of the full grid. */
    sample: z.number().int().positive().optional(),
    seed: z.number().int().default(1),
    rank: z.string().default('sharpe'),
    top: z.number().int().positive().default(20),
    /** Refuse larger sweeps unless confirmed (--yes). */
    maxScenarios: z.number().int().positive().default(100_000),
    cash: z.number().positive().default(10_000),
    fee: z.number().min(0).max(0.1).default(0.001),
    slippage: z.number().min(0).max(0.1).default(0),
    sizing: z.enum(['all-in', 'fixed', 'quote', 'percent']).default('all-in'),
    sizingValue: z.number().min(0).default(0),
    allowShort: z.boolean().default(false),
    fill: z.enum(['next-open', 'close']).default('next-open'),
    /** Candles before each window's start that only warm the indicators up. */
    warmup: z.number().int().min(0).default(DEFAULT_WARMUP_CANDLES),
  })
  .strict();

export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;

/**
 * Validates sweep settings (a file's, with flags applied). `file`, when the settings came from one,
 * is named in errors with the line of the offending key. Throws ConfigError.
 */
export function parseSweepSpec(input: unknown, file?: string): SweepSpec {
  const parsed = sweepSpecSchema.safeParse(input);
  if (!parsed.success) {
    const lineOf = file === undefined ? undefined : readYamlMapping(file, 'sweep config').lineOf;
    throw configIssueError(sweepSpecSchema, parsed.error, { ...(file === undefined ? {} : { file }), ...(lineOf === undefined ? {} : { lineOf }) });
  }
  return parsed.data;
}

/** Settings in a fraction of notional or price, written `0.001` or `0.1%` (see parseRate). */
const RATE_KEYS = ['fee', 'slippage'] as const;

/** A sweep config file's settings, rates converted to fractions. Throws ConfigError/InputError naming file and line. */
export function readSweepFile(file: string): Record<string, unknown> {
  const yaml = readYamlMapping(file, 'sweep config');
  const data = { ...yaml.data };
  for (const key of RATE_KEYS) {
    const value = data[key];
    if (typeof value !== 'number' && typeof value !== 'string') continue;
    const line = yaml.lineOf([key]);
    data[key] = parseRate(value, key, { file, ...(line === undefined ? {} : { line }) });
  }
  return data;
}
