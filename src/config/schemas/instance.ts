// An instance: one strategy deployed on one market, as a deployment file (written by `rampart
// select`) and later each entry of a fleet file holds it. The same parts, names and defaults as
// the backtest config, so `rampart backtest --config deploy.yml` runs exactly what will trade.
import { z } from 'zod';
import { dataSelectionSchema } from './data-selection.ts';
import { fillModelSchema } from './fill-model.ts';
import { liveRiskLimitsSchema, riskLimitsSchema } from './risk-limits.ts';
import { sizingSchema } from './sizing.ts';
import { strategySchema } from './strategy.ts';
import { checkSizing } from './compose.ts';

/** The steps of a deployment, most cautious first (docs/architecture.md, "One engine, several clocks"). */
export const INSTANCE_MODES = ['shadow', 'paper', 'testnet', 'canary', 'live'] as const;
export type InstanceMode = (typeof INSTANCE_MODES)[number];

/**
 * Where an instance trades: the built-in simulator (in-process, replaying the bundled candles),
 * Binance (mainnet, its spot testnet, its demo mode), Coinbase or Kraken.
 */
export const INSTANCE_VENUES = ['simulator', 'binance', 'binance-testnet', 'binance-demo', 'coinbase', 'kraken'] as const;
export type InstanceVenue = (typeof INSTANCE_VENUES)[number];

/**
 * An instance's name: the prefix of its clientOrderIds (`<instance>-<sequence>`), so only the
 * characters Binance accepts in one (`^[.A-Z:/a-z0-9_-]{1,36}$`) minus those that read badly in a file name.
 */
export const INSTANCE_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;

const { exchange, symbol, timeframe, warmupCandles } = dataSelectionSchema.shape;

export const instanceSchema = z
  .object({
    name: z.string().regex(INSTANCE_NAME, 'must be lower-case letters, digits, ".", "_" or "-" (at most 40), starting with a letter or digit'),
    mode: z.enum(INSTANCE_MODES).default('paper'),
    /** Where it trades; absent = the fleet's venue (a deployment file alone does not say). */
    venue: z.enum(INSTANCE_VENUES).optional(),
    /** The key store entry it signs with (testnet, canary, live); never the key itself. */
    key: z.string().min(1).optional(),
    exchange,
    symbol,
    timeframe,
    warmupCandles,
    ...strategySchema.shape,
    ...sizingSchema.shape,
    ...fillModelSchema.shape,
    ...riskLimitsSchema.shape,
    ...liveRiskLimitsSchema.shape,
    /** What these exact settings did in their deployment backtests (informative; `rampart select` writes it). */
    tested: z.record(z.string(), z.unknown()).optional(),
    /** The research behind the choice (informative; `rampart select` writes it). */
    evidence: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine(checkSizing);

export type InstanceConfigInput = z.input<typeof instanceSchema>;
export type InstanceConfig = z.output<typeof instanceSchema>;

/**
 * Keys of the deployment files earlier versions wrote, and what replaces them: refused with that
 * hint (config/settings-file.ts says why refused rather than read).
 */
export const INSTANCE_RENAMED_KEYS: Readonly<Record<string, string>> = {
  // The sweep file's old name for it; refused here too, so the hint is the same in every file.
  warmup: "'warmupCandles'",
  risk: "'stopLossPct', 'takeProfitPct' and 'maxTradesPerDay' at the top level",
  fees: "'fee' and 'slippage' at the top level",
};
