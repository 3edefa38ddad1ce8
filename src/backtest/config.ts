// Backtest configuration: the parts' schemas (data selection, strategy, sizing, fill model, risk
// limits, market-rule overrides) in one flat object; the result records the parsed config.
import { z } from 'zod';
import { marketRules } from '../core/index.ts';
import type { ParamValue } from '../core/index.ts';
import {
  checkSizing,
  checkWindow,
  dataSelectionSchema,
  fillModelSchema,
  liveRiskLimitsSchema,
  marketRulesOverrideSchema,
  parseSettings,
  riskLimitsSchema,
  sizingSchema,
  strategySchema,
} from '../config/index.ts';
import type { InstanceConfig, SettingsSource } from '../config/index.ts';

export const backtestConfigSchema = z
  .object({
    ...dataSelectionSchema.shape,
    ...strategySchema.shape,
    ...sizingSchema.shape,
    ...fillModelSchema.shape,
    ...marketRulesOverrideSchema.shape,
    ...riskLimitsSchema.shape,
    ...liveRiskLimitsSchema.shape,
  })
  .strict()
  .superRefine(checkSizing)
  .superRefine(checkWindow);

export type BacktestConfigInput = z.input<typeof backtestConfigSchema>;

type Parsed = z.output<typeof backtestConfigSchema>;

/**
 * A parsed backtest config (see the part schemas in config/schemas for each field's meaning and
 * units), with the market rules filled in: lot step, tick size and min notional are always present.
 */
export type BacktestConfig = Readonly<
  Omit<Parsed, 'params' | 'lotStep' | 'tickSize' | 'minNotional'> & {
    params: Readonly<Record<string, ParamValue>>;
    lotStep: number;
    tickSize: number;
    minNotional: number;
  }
>;

/**
 * Parses a config and fills the market rules (lot step, tick, min notional) from the known
 * exchange filters of the symbol where the caller left them out. `source` names a file in errors.
 * Throws ConfigError naming the field.
 */
export function parseBacktestConfig(input: BacktestConfigInput, source: SettingsSource = {}): BacktestConfig {
  const c = parseSettings(backtestConfigSchema, input, source);
  const rules = marketRules(c.exchange, c.symbol);
  const config = {
    ...withoutUndefined(c),
    lotStep: c.lotStep ?? rules.lotStep,
    tickSize: c.tickSize ?? rules.tickSize,
    minNotional: c.minNotional ?? rules.minNotional,
  };
  return Object.freeze(config as BacktestConfig);
}

/**
 * The backtest input that runs an instance exactly as it will trade: its market, strategy,
 * parameters, capital, sizing, fill model and risk limits; the window (`from`, `to`) and data
 * source are the caller's.
 */
export function instanceBacktestInput(instance: InstanceConfig): BacktestConfigInput {
  const { name: _name, mode: _mode, venue: _venue, key: _key, tested: _tested, evidence: _evidence, ...settings } = instance;
  return withoutUndefined({ ...settings, params: { ...settings.params } });
}

/** zod reports absent optionals as `undefined`; the config type wants them absent. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
