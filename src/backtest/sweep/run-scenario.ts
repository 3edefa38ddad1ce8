// One scenario, exactly as a single backtest would run it: the same config parsing, strategy
// construction and engine. Workers call this; so do tests that compare a sweep with lone runs.
import { sliceSeries } from '../../core/index.ts';
import type { CandleSeries } from '../../core/index.ts';
import type { StrategyDefinition } from '../../strategies/index.ts';
import { parseBacktestConfig } from '../config.ts';
import type { BacktestConfigInput } from '../config.ts';
import { runBacktest } from '../engine.ts';
import type { Metrics } from '../types.ts';

/** Settings shared by every scenario of a sweep. */
export type SweepBase = Omit<BacktestConfigInput, 'symbol' | 'timeframe' | 'params' | 'from' | 'to' | 'dataFile'>;

export interface ScenarioInput {
  readonly index: number;
  readonly symbol: string;
  readonly timeframe: BacktestConfigInput['timeframe'];
  readonly from?: number;
  readonly to?: number;
  readonly params: Readonly<Record<string, number | boolean | string>>;
}

export function runScenario(definition: StrategyDefinition, base: SweepBase, scenario: ScenarioInput, candles: CandleSeries): Metrics {
  const config = parseBacktestConfig({
    ...base,
    symbol: scenario.symbol,
    timeframe: scenario.timeframe,
    params: scenario.params,
    ...(scenario.from === undefined ? {} : { from: scenario.from }),
    ...(scenario.to === undefined ? {} : { to: scenario.to }),
  });
  const data = sliceSeries(candles, scenario.from ?? Number.MIN_SAFE_INTEGER, scenario.to ?? Number.MAX_SAFE_INTEGER);
  return runBacktest(data, config, definition.create(config.params)).metrics;
}
