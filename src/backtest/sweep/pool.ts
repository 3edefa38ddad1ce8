// A worker_threads pool for sweeps. Workers start as soon as the pool is made, so their start-up
// overlaps the loading of the candles; the candles then go to every worker once, shared, and
// scenarios follow in small batches to whichever worker is free. Which worker ran a scenario
// cannot change its result: each scenario is a pure function of its inputs.
import { Worker } from 'node:worker_threads';
import { InvariantError } from '../../core/index.ts';
import { isStrategyFile } from '../../strategies/index.ts';
import type { Metrics } from '../types.ts';
import type { ToMain, ToWorker } from './messages.ts';
import type { ScenarioInput } from './run-scenario.ts';
import type { SharedSeries } from './shared-series.ts';
import { workerScript } from './worker-script.ts';

export interface PoolRun {
  readonly sets: readonly SharedSeries[];
  /** Called for every finished scenario, in completion order. */
  readonly onResult: (index: number, metrics: Metrics) => void;
  /** Checked between batches: true stops handing out work (Ctrl-C). */
  readonly shouldStop?: (() => boolean) | undefined;
}

export class SweepPool {
  private readonly workers: Worker[];

  constructor(size: number, strategy: string) {
    const script = workerScript(isStrategyFile(strategy));
    const execArgv = withoutLoaders(process.execArgv);
    this.workers = Array.from({ length: Math.max(1, size) }, () => new Worker(script, { workerData: { strategy }, execArgv }));
  }

  async run(scenarios: readonly ScenarioInput[], options: PoolRun): Promise<void> {
    if (scenarios.length === 0) return;
    const workers = this.workers.slice(0, scenarios.length);
    // Small batches keep every core busy to the end; not so small that messaging dominates.
    const batchSize = Math.max(1, Math.min(32, Math.floor(scenarios.length / (workers.length * 8))));
    let next = 0;
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const send = (): void => {
              if (next >= scenarios.length || options.shouldStop?.() === true) {
                if (inFlight === 0) {
                  worker.off('message', onMessage);
                  resolve();
                }
                return;
              }
              const batch = scenarios.slice(next, next + batchSize);
              next += batch.length;
              inFlight++;
              worker.postMessage({ type: 'run', scenarios: batch } satisfies ToWorker);
            };
            const onMessage = (message: ToMain): void => {
              if (message.type === 'error') reject(new InvariantError(`sweep worker failed: ${message.message}`));
              else if (message.type === 'results') {
                inFlight--;
                // Hand out the next batch before storing these results, so the worker never waits on us.
                send();
                for (const result of message.results) options.onResult(result.index, result.metrics);
                if (inFlight === 0) send(); // resolves once the last batch is in
              } else {
                // Two batches in flight: one computing, one queued behind it.
                send();
                send();
              }
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
            worker.postMessage({ type: 'init', sets: options.sets } satisfies ToWorker);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * The parent's flags minus module loaders: a worker inherits `--import tsx` from a parent started
 * with it (tests, benchmarks) and would spend ~150 ms loading the TypeScript toolchain it does not
 * need (the built-in worker is plain JavaScript; the strategy-file worker registers the loader itself).
 */
function withoutLoaders(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (/^--(import|loader|experimental-loader|require)$|^-r$/.test(arg)) i++;
    else if (!/^--(import|loader|experimental-loader|require)=/.test(arg)) out.push(arg);
  }
  return out;
}
