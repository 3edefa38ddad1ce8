// What travels through the queue: a batch of scenarios with everything needed to run them, and
// their metrics back as the job's return value.
import type { Metrics } from '../../../core/index.ts';
import type { ScenarioInput } from '../run-scenario.ts';

export interface ScenarioJob {
  readonly strategy: string;
  readonly scenarios: readonly ScenarioInput[];
}

export interface ScenarioJobResult {
  readonly results: readonly { readonly index: number; readonly metrics: Metrics }[];
}
