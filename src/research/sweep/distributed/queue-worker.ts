// `rampart worker`: processes sweep jobs from Redis on this machine, with candles from its own
// store or the bundled data, exactly as a local sweep worker would run them.
import { Worker } from 'bullmq';
import type { CandleSeries } from '../../../core/index.ts';
import { loadCandles } from '../../../data/index.ts';
import type { Store } from '../../../store/index.ts';
import { resolveStrategy } from '../../../strategies/index.ts';
import type { StrategyDefinition } from '../../../strategies/index.ts';
import { runScenario } from '../run-scenario.ts';
import type { ScenarioJob, ScenarioJobResult } from './jobs.ts';
import { bullOptions, checkRedis, SWEEP_QUEUE } from './redis.ts';

export interface QueueWorkerOptions {
  readonly url: string;
  readonly store: Store;
  /** How long a job's lock lasts: a killed worker's job is retried elsewhere after this. */
  readonly lockMs: number;
  readonly concurrency: number;
  readonly onJob?: (jobId: string, scenarios: number) => void;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<Worker<ScenarioJob, ScenarioJobResult>> {
  const target = await checkRedis(options.url);
  const candles = new Map<string, CandleSeries>();
  const strategies = new Map<string, StrategyDefinition>();
  return new Worker<ScenarioJob, ScenarioJobResult>(
    SWEEP_QUEUE,
    async (job) => {
      const { strategy, scenarios } = job.data;
      let definition = strategies.get(strategy);
      if (definition === undefined) {
        definition = await resolveStrategy(strategy);
        strategies.set(strategy, definition);
      }
      const results = scenarios.map((scenario) => {
        const { exchange, symbol, timeframe, source } = scenario.config;
        const key = `${exchange}|${symbol}|${timeframe}|${source ?? ''}`;
        let series = candles.get(key);
        if (series === undefined) {
          series = loadCandles({ store: options.store, exchange, symbol, timeframe, source }).series;
          candles.set(key, series);
        }
        return { index: scenario.index, metrics: runScenario(definition, scenario.config, series) };
      });
      options.onJob?.(job.id ?? '?', scenarios.length);
      return { results };
    },
    { ...bullOptions(target), concurrency: options.concurrency, lockDuration: options.lockMs, stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)), maxStalledCount: 10 },
  );
}
