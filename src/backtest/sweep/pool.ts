// A worker_threads pool for sweeps: candles shared once, scenarios sent in small batches to
// whichever worker is free, results handed back as they arrive. Which worker ran a scenario
// cannot change its result: each scenario is a pure function of its inputs.
import { Worker } from 'node:worker_threads';
import { InvariantError } from '../../core/index.ts';
import type { Metrics } from '../types.ts';
import type { ToMain, ToWorker } from './messages.ts';
import type { ScenarioInput, SweepBase } from './run-scenario.ts';
import type { SharedSeries } from './shared-series.ts';

export interface PoolOptions {
  readonly workers: number;
  readonly strategy: string;
  readonly base: SweepBase;
  readonly sets: readonly SharedSeries[];
  /** Called for every finished scenario, in completion order. */
  readonly onResult: (index: number, metrics: Metrics) => void;
  /** Checked between batches: true stops handing out work (Ctrl-C). */
  readonly shouldStop?: (() => boolean) | undefined;
}

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export async function runPool(scenarios: readonly ScenarioInput[], options: PoolOptions): Promise<void> {
  if (scenarios.length === 0) return;
  const count = Math.max(1, Math.min(options.workers, scenarios.length));
  // Small batches keep both cores busy to the end; not so small that messaging dominates.
  const batchSize = Math.max(1, Math.min(32, Math.floor(scenarios.length / (count * 8))));
  let next = 0;
  const workers = Array.from({ length: count }, () => new Worker(BOOTSTRAP, { workerData: { strategy: options.strategy, base: options.base, sets: options.sets } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= scenarios.length || options.shouldStop?.() === true) {
                worker.postMessage({ type: 'stop' } satisfies ToWorker);
                resolve();
                return;
              }
              const batch = scenarios.slice(next, next + batchSize);
              next += batch.length;
              worker.postMessage({ type: 'run', scenarios: batch } satisfies ToWorker);
            };
            worker.on('message', (message: ToMain) => {
              if (message.type === 'error') reject(new InvariantError(`sweep worker failed: ${message.message}`));
              else if (message.type === 'results') {
                for (const result of message.results) options.onResult(result.index, result.metrics);
                send();
              } else send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new InvariantError(`sweep worker exited with code ${code}`));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
