// A worker_threads pool for sweeps. Workers start as soon as the pool is made, so their start-up
// overlaps the loading of the candles; the candles then go to every worker once, shared, as soon
// as they are loaded (`load`), while the main thread still opens the sweep in the store; scenarios
// follow in small batches to whichever worker is free. Which worker ran a scenario cannot change
// its result: each scenario is a pure function of its inputs.
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { InputError, InvariantError } from '../../core/index.ts';
import type { BacktestConfig, Metrics } from '../../backtest/index.ts';
import type { PoolScenario, ToMain, ToWorker } from './messages.ts';
import type { SharedSeries } from './shared-series.ts';
import { workerScript } from './worker-script.ts';

export interface PoolRun {
  /** The candles and configs, unless `load` already sent them. */
  readonly sets: readonly SharedSeries[];
  /** Each set's config; a scenario adds its parameters and window. */
  readonly configs: readonly BacktestConfig[];
  /** Called for every finished scenario, in completion order. */
  readonly onResult: (index: number, metrics: Metrics) => void;
  /** Checked between batches: true stops handing out work (Ctrl-C). */
  readonly shouldStop?: (() => boolean) | undefined;
}

/**
 * The young generation a sweep worker's heap starts with, MB per semi-space. Each scenario leaves
 * some kB of short-lived objects; from V8's default of 1 MB a worker of the example sweep ran
 * ~70 scavenges, 150-350 ms in all on a busy 2-core machine (V8's parallel scavenger waits for
 * helper threads the other workers keep busy); from 16 MB, ~12 and ~60 ms, for ~25 MB more memory
 * per worker. Worker options cannot set it (`resourceLimits` sets only the maximum, and V8 flags in
 * a worker's execArgv are refused), and the flag is read when an isolate's heap is set up: set
 * before the workers start, it applies to them and leaves this thread's heap as it is.
 */
const WORKER_SEMI_SPACE_MB = 16;

/** Batches a worker holds at once. */
const IN_FLIGHT = 3;

/**
 * Scenarios of the smallest candle set each worker runs first. A worker's first few scenarios run
 * in V8's slower tiers until the engine's loops are compiled: on a year of 1h candles those few
 * took ~200 ms more than later ones, on daily candles a tenth of that (measured single-threaded:
 * 12 daily scenarios first cut the cold run of the example sweep by ~15%).
 */
const WARM_UP = 12;

export class SweepPool {
  private readonly workers: Worker[];
  /** Per worker, settled by its answer to `init`: ready, or the error it posted (or threw). */
  private ready: Promise<void>[] | undefined;

  constructor(size: number, strategy: string) {
    const script = workerScript();
    // No inherited flags: a worker inheriting `--import tsx` (tests, benchmarks) loads the TypeScript
    // toolchain even where it runs compiled JavaScript (the bootstrap registers it where needed), and
    // V8 flags given to a worker explicitly are refused (ERR_WORKER_INVALID_EXEC_ARGV). V8 flags
    // apply to every thread anyway.
    v8.setFlagsFromString(`--min-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
    this.workers = Array.from({ length: Math.max(1, size) }, () => new Worker(script, { workerData: { strategy }, execArgv: [] }));
  }

  /**
   * Sends every worker the candles (shared, not copied) and their configs now, so each maps them
   * and warms up while the caller does other work; `run` then starts at once. Called again, or
   * after `run` has loaded them, it does nothing.
   */
  load(sets: readonly SharedSeries[], configs: readonly BacktestConfig[]): void {
    if (this.ready !== undefined) return;
    this.ready = this.workers.map((worker) => {
      const ready = new Promise<void>((resolve, reject) => {
        const onMessage = (message: ToMain): void => {
          worker.off('error', reject);
          if (message.type === 'ready') resolve();
          else if (message.type === 'error') reject(workerError(message));
          else reject(new InvariantError(`sweep worker answered init with '${message.type}'`));
        };
        worker.once('message', onMessage);
        worker.once('error', reject);
      });
      // Awaited by `run`; a pool closed before running (an error elsewhere) must not leave an unhandled rejection.
      ready.catch(() => {});
      worker.postMessage({ type: 'init', sets, configs } satisfies ToWorker);
      return ready;
    });
  }

  async run(scenarios: readonly PoolScenario[], options: PoolRun): Promise<void> {
    if (scenarios.length === 0) return;
    this.load(options.sets, options.configs);
    const ready = this.ready!;
    const workers = this.workers.slice(0, scenarios.length);
    const { warmUps, queue } = warmUpFirst(scenarios, options.sets, workers.length);
    // Batches of up to 32 keep messaging cheap; they shrink towards the end (a share of what is
    // left), so the queued work of one worker cannot leave the others idle at the finish.
    let next = 0;
    const batchSize = (): number => Math.max(1, Math.min(32, Math.floor((queue.length - next) / (workers.length * IN_FLIGHT * 2))));
    await Promise.all(
      workers.map(
        (worker, w) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            let warmUp = warmUps[w]!;
            const send = (): void => {
              if ((warmUp.length === 0 && next >= queue.length) || options.shouldStop?.() === true) {
                if (inFlight === 0) {
                  worker.off('message', onMessage);
                  resolve();
                }
                return;
              }
              let batch = warmUp;
              if (batch.length > 0) warmUp = [];
              else {
                batch = queue.slice(next, next + batchSize());
                next += batch.length;
              }
              inFlight++;
              worker.postMessage({ type: 'run', scenarios: batch } satisfies ToWorker);
            };
            const onMessage = (message: ToMain): void => {
              if (message.type === 'error') reject(workerError(message));
              else if (message.type === 'results') {
                inFlight--;
                // Hand out the next batch before storing these results, so the worker never waits on us.
                send();
                for (const result of message.results) options.onResult(result.index, result.metrics);
                if (inFlight === 0) send(); // resolves once the last batch is in
              }
            };
            worker.once('error', reject);
            ready[w]!.then(() => {
              worker.on('message', onMessage);
              // Batches queued behind the one computing keep the worker busy while the main thread
              // is away storing results.
              for (let i = 0; i < IN_FLIGHT; i++) send();
            }, reject);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * Up to WARM_UP scenarios of the smallest candle set for each worker's first batch, and the rest
 * in their order. The order scenarios run in cannot change their results.
 */
function warmUpFirst(scenarios: readonly PoolScenario[], sets: readonly SharedSeries[], workers: number): { warmUps: PoolScenario[][]; queue: PoolScenario[] } {
  let smallest = 0;
  sets.forEach((set, i) => {
    if (set.length < sets[smallest]!.length) smallest = i;
  });
  const warmUps: PoolScenario[][] = Array.from({ length: workers }, () => []);
  const queue: PoolScenario[] = [];
  let taken = 0;
  for (const scenario of scenarios) {
    if (scenario.set === smallest && taken < WARM_UP * workers) warmUps[taken++ % workers]!.push(scenario);
    else queue.push(scenario);
  }
  return { warmUps, queue };
}

function workerError(message: Extract<ToMain, { type: 'error' }>): Error {
  return message.badInput ? new InputError(message.message) : new InvariantError(`sweep worker failed: ${message.message}`);
}
