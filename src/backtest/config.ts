// Backtest configuration: one zod schema holds the defaults; the result records the parsed config.
import { z } from 'zod';
import { ConfigError, TIMEFRAMES } from '../core/index.ts';
import { DATA_SOURCES } from '../data/index.ts';
import type { Timeframe } from '../core/index.ts';
import { configIssueError } from '../config/index.ts';
import { marketRules } from '../core/index.ts';
import type { BacktestConfig } from './types.ts';
import { DEFAULT_WARMUP_CANDLES } from './warmup.ts';

const timeframeSchema = z.enum(TIMEFRAMES as [Timeframe, ...Timeframe[]]);

export const backtestConfigSchema = z
  .object({
    exchange: z.string().min(1).default('binance'),
    symbol: z.string().min(1),
    timeframe: timeframeSchema,
    dataFile: z.string().min(1).optional(),
    /** Which set when both the store and the bundled data have it (see data/resolve.ts); a run records the one it used. */
    source: z.enum(DATA_SOURCES).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    strategy: z.string().min(1),
    params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
    cash: z.number().positive().default(10_000),
    fee: z.number().min(0).max(0.1).default(0.001),
    slippage: z.number().min(0).max(0.1).default(0),
    sizing: z.enum(['all-in', 'fixed', 'quote', 'percent']).default('all-in'),
    sizingValue: z.number().min(0).default(0),
    lotStep: z.number().min(0).optional(),
    tickSize: z.number().min(0).optional(),
    minNotional: z.number().min(0).optional(),
    allowShort: z.boolean().default(false),
    fill: z.enum(['next-open', 'close']).default('next-open'),
    warmupCandles: z.number().int().min(0).default(DEFAULT_WARMUP_CANDLES),
    stopLossPct: z.number().min(0).max(100).default(0),
    takeProfitPct: z.number().min(0).default(0),
    maxTradesPerDay: z.number().int().positive().optional(),
  })
  .strict();

export type BacktestConfigInput = z.input<typeof backtestConfigSchema>;

/**
 * Parses a config and fills the market rules (lot step, tick, min notional) from the known
 * exchange filters of the symbol where the caller left them out.
 */
export function parseBacktestConfig(input: BacktestConfigInput): BacktestConfig {
  const parsed = backtestConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw configIssueError(backtestConfigSchema, parsed.error);
  }
  const c = parsed.data;
  if (c.sizing !== 'all-in' && !(c.sizingValue > 0)) {
    throw new ConfigError(`sizing '${c.sizing}' needs a positive sizing value`, { field: 'sizingValue' });
  }
  if (c.sizing === 'percent' && c.sizingValue > 100) {
    throw new ConfigError(`percent sizing ${c.sizingValue} is above 100`, { field: 'sizingValue' });
  }
  if (c.from !== undefined && c.to !== undefined && c.from >= c.to) {
    throw new ConfigError('empty date range: from is not before to', { field: 'from' });
  }
  const rules = marketRules(c.exchange, c.symbol);
  const config = {
    ...withoutUndefined(c),
    lotStep: c.lotStep ?? rules.lotStep,
    tickSize: c.tickSize ?? rules.tickSize,
    minNotional: c.minNotional ?? rules.minNotional,
  };
  return Object.freeze(config as BacktestConfig);
}

/** zod reports absent optionals as `undefined`; the config type wants them absent. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
