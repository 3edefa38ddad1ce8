// One scenario, exactly as a single backtest runs it: the same engine on the same config. Workers
// call this with configs parsed by the main thread, so a worker needs no schema library (it starts
// faster), and tests compare a sweep with lone runs through it.
import { windowSeries } from '../../core/index.ts';
import type { CandleSeries } from '../../core/index.ts';
import type { Params, StrategyDefinition } from '../../strategies/index.ts';
// Not the backtest index: this runs in every sweep worker thread, and the index would also load
// the config schemas (zod, yaml) and the data layer, which a worker never uses.
import { backtestMetrics } from '../../backtest/engine.ts';
import type { BacktestConfig, Metrics } from '../../backtest/index.ts';

export interface ScenarioInput {
  /** Position in the sweep's scenario list. */
  readonly index: number;
  readonly config: BacktestConfig;
}

/** What varies between the scenarios of one candle set: parameters and date window. */
export interface ScenarioVariant {
  readonly params: Params;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/**
 * A scenario's config: its candle set's config (parsed once, market rules included) with the
 * scenario's parameters and window on top — the values a lone `parseBacktestConfig` gives.
 */
export function scenarioConfig(template: BacktestConfig, variant: ScenarioVariant): BacktestConfig {
  return {
    ...template,
    params: { ...variant.params },
    ...(variant.from === undefined ? {} : { from: variant.from }),
    ...(variant.to === undefined ? {} : { to: variant.to }),
  };
}

export function runScenario(definition: StrategyDefinition, config: BacktestConfig, candles: CandleSeries): Metrics {
  // Without a window the whole set is the run (nothing before its first candle to warm up on):
  // the set itself, rather than a scan of its times and fresh views of its columns per scenario.
  const { series, warmup } =
    config.from === undefined && config.to === undefined
      ? { series: candles, warmup: 0 }
      : windowSeries(candles, config.from ?? Number.MIN_SAFE_INTEGER, config.to ?? Number.MAX_SAFE_INTEGER, config.warmupCandles);
  return backtestMetrics(series, config, definition.create(config.params), { warmup });
}
