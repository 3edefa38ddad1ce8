// Messages between the sweep's main thread and its workers.
import type { Metrics } from '../types.ts';
import type { ScenarioInput } from './run-scenario.ts';

export type ToWorker = { readonly type: 'run'; readonly scenarios: readonly ScenarioInput[] } | { readonly type: 'stop' };

export type ToMain =
  | { readonly type: 'ready' }
  | { readonly type: 'results'; readonly results: readonly { readonly index: number; readonly metrics: Metrics }[] }
  | { readonly type: 'error'; readonly message: string };
