// Messages between the sweep's main thread and its workers.
import type { Metrics } from '../types.ts';
import type { ScenarioInput } from './run-scenario.ts';
import type { SharedSeries } from './shared-series.ts';

export type ToWorker =
  | { readonly type: 'init'; readonly sets: readonly SharedSeries[] }
  | { readonly type: 'run'; readonly scenarios: readonly ScenarioInput[] };

export type ToMain =
  | { readonly type: 'ready' }
  | { readonly type: 'results'; readonly results: readonly { readonly index: number; readonly metrics: Metrics }[] }
  | { readonly type: 'error'; readonly message: string };
