// Messages between the sweep's main thread and its workers. Each candle set's config travels once,
// with the candles; a scenario then needs only its set, parameters and window, so the main thread
// neither builds nor copies a full config per scenario.
import type { BacktestConfig, Metrics } from '../../backtest/index.ts';
import type { ScenarioVariant } from './run-scenario.ts';
import type { SharedSeries } from './shared-series.ts';

export interface PoolScenario extends ScenarioVariant {
  /** Position in the sweep's scenario list. */
  readonly index: number;
  /** Index into the run's candle sets (and their configs). */
  readonly set: number;
}

export type ToWorker =
  | { readonly type: 'init'; readonly sets: readonly SharedSeries[]; readonly configs: readonly BacktestConfig[] }
  | { readonly type: 'run'; readonly scenarios: readonly PoolScenario[] };

export type ToMain =
  | { readonly type: 'ready' }
  | { readonly type: 'results'; readonly results: readonly { readonly index: number; readonly metrics: Metrics }[] }
  /** `badInput`: the strategy's own fault (its error, a bad intent): the sweep stops with exit 2. */
  | { readonly type: 'error'; readonly message: string; readonly badInput: boolean };
