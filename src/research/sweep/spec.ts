// A sweep: a strategy's parameter ranges × symbols × timeframes × date ranges, on shared backtest
// settings. The settings are the backtest config's parts (config/schemas), with the same names and
// defaults; a file's settings with flags on top are merged in one place (resolveSweepSpec).
import { z } from 'zod';
import { checkSizing, dataSelectionSchema, fillModelSchema, parseSettings, readSettingsFile, riskLimitsSchema, sizingSchema, strategySchema, timeframeSchema } from '../../config/index.ts';
import type { SettingsSource } from '../../config/index.ts';
import type { BacktestConfigInput } from '../../backtest/index.ts';

const dateSchema = z.union([z.number().int(), z.string().min(1)]);
const { exchange, source, warmupCandles } = dataSelectionSchema.shape;

export const sweepSpecSchema = z
  .object({
    strategy: strategySchema.shape.strategy,
    exchange,
    /** Stored or bundled candles when both have a set (see data/resolve.ts). */
    source,
    symbols: z.array(z.string().min(1)).min(1),
    timeframes: z.array(timeframeSchema).min(1),
    /** Per parameter: `3..40`, `3..40:2`, `fast+2..80`, `1,2,5`, a number or a list. */
    params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.number())])).default({}),
    /** Date windows; none = all the data. */
    ranges: z.array(z.object({ from: dateSchema.optional(), to: dateSchema.optional() }).strict()).default([]),
    /** Candles before each window's start that only warm the indicators up. */
    warmupCandles,
    /** Random sample of this many scenarios instead of the full grid. */
    sample: z.number().int().positive().optional(),
    seed: z.number().int().default(1),
    rank: z.string().default('sharpe'),
    top: z.number().int().positive().default(20),
    /** Refuse larger sweeps unless confirmed (--yes). */
    maxScenarios: z.number().int().positive().default(100_000),
    ...sizingSchema.shape,
    ...fillModelSchema.shape,
    ...riskLimitsSchema.shape,
  })
  .strict()
  .superRefine(checkSizing);

export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;

/** Keys of sweep files written for earlier versions, and their names now (see config/settings-file.ts). */
const RENAMED_KEYS: Readonly<Record<string, string>> = { warmup: 'warmupCandles' };

/**
 * Validates sweep settings (a file's, with flags applied). `source` names the file and the lines
 * of its keys in errors. Throws ConfigError.
 */
export function parseSweepSpec(input: unknown, source: SettingsSource = {}): SweepSpec {
  return parseSettings(sweepSpecSchema, input, source);
}

/**
 * A sweep's settings as a store holds them (written by this or an earlier version): keys renamed
 * since are read under their new names, since nobody edits a stored sweep. Throws ConfigError.
 */
export function parseStoredSweepSpec(stored: unknown): SweepSpec {
  const data = typeof stored === 'object' && stored !== null ? { ...(stored as Record<string, unknown>) } : stored;
  if (typeof data === 'object' && data !== null) {
    const record = data as Record<string, unknown>;
    for (const [old, now] of Object.entries(RENAMED_KEYS)) {
      if (!(old in record)) continue;
      if (!(now in record)) record[now] = record[old];
      delete record[old];
    }
  }
  return parseSweepSpec(data);
}

/** A sweep config file's settings, rates converted to fractions. Throws ConfigError/InputError naming file and line. */
export function readSweepFile(file: string): Record<string, unknown> {
  return readSettingsFile(file, 'sweep config', quoted(RENAMED_KEYS)).data;
}

/**
 * The settings a command runs: the file's (if any), then `overrides` on top (flags, already
 * parsed); `params` ranges merge per parameter, so a flag changes one range and keeps the others.
 * Errors name the file and line of the offending key. Throws ConfigError/InputError.
 */
export function resolveSweepSpec(file: string | undefined, overrides: Readonly<Record<string, unknown>>): SweepSpec {
  const yaml = file === undefined ? undefined : readSettingsFile(file, 'sweep config', quoted(RENAMED_KEYS));
  const base = yaml?.data ?? {};
  const input: Record<string, unknown> = { ...base, ...withoutUndefined(overrides) };
  const params = overrides['params'] as Record<string, unknown> | undefined;
  if (params !== undefined) input['params'] = { ...(base['params'] as Record<string, unknown> | undefined), ...params };
  return parseSweepSpec(input, yaml ?? {});
}

function quoted(renamed: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(renamed).map(([old, now]) => [old, `'${now}'`]));
}

function withoutUndefined(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * The backtest settings every scenario of a sweep shares (all but symbol, timeframe, parameters
 * and window): the spec's parts under the backtest config's names, `strategy` as resolved.
 */
export function sweepBacktestSettings(spec: SweepSpec, strategy: string): Omit<BacktestConfigInput, 'symbol' | 'timeframe'> {
  const { exchange, source, cash, fee, slippage, sizing, sizingValue, allowShort, fill, warmupCandles, stopLossPct, takeProfitPct, maxTradesPerDay } = spec;
  return withoutUndefined({ exchange, source, strategy, cash, fee, slippage, sizing, sizingValue, allowShort, fill, warmupCandles, stopLossPct, takeProfitPct, maxTradesPerDay }) as Omit<BacktestConfigInput, 'symbol' | 'timeframe'>;
}
