// Use cases: run a backtest and store it; rerun a stored one and say whether it reproduced.
import { parseBacktestConfig, runBacktestJob } from '../backtest/index.ts';
import type { BacktestConfig, BacktestConfigInput, BacktestJob, JobOptions } from '../backtest/index.ts';
import { InputError } from '../core/index.ts';
import type { Workspace } from './workspace.ts';

export interface StoredBacktest {
  readonly runId: number;
  readonly job: BacktestJob;
}

export interface Rerun extends StoredBacktest {
  /** The metrics equal the stored ones exactly. */
  readonly reproduced: boolean;
  /** The candles hash equals the stored one (so a difference lies elsewhere). */
  readonly sameData: boolean;
}

/** What the store keeps of a backtest besides its config. */
interface RunSummary {
  readonly metrics: unknown;
  readonly dataHash: string;
  readonly source: string;
}

/**
 * Runs a backtest (see backtest/job.ts) and stores it as a run: the config it actually used (the
 * data source included), its metrics, the hash of its candles. `options.announce` receives the
 * line naming the data set.
 */
export async function backtestAndStore(config: BacktestConfig, workspace: Pick<Workspace, 'store' | 'clock'>, options: JobOptions = {}): Promise<StoredBacktest> {
  const job = await runBacktestJob(config, workspace.store, options);
  const summary: RunSummary = { metrics: job.result.metrics, dataHash: job.dataHash, source: job.source };
  const runId = workspace.store.runs.save({ kind: 'backtest', createdAt: workspace.clock.now(), config: job.result.config, summary });
  return { runId, job };
}

/**
 * Reruns stored backtest `runId` with its exact config and compares the metrics with the stored
 * ones. Throws InputError when there is no such backtest run, ConfigError when its config no longer parses.
 */
export async function rerunBacktest(runId: number, workspace: Pick<Workspace, 'store'>, options: JobOptions = {}): Promise<Rerun> {
  const stored = Number.isInteger(runId) ? workspace.store.runs.get(runId) : undefined;
  if (stored === undefined || stored.kind !== 'backtest') throw new InputError(`no stored backtest run '${runId}' in ${workspace.store.path}`);
  const config = parseBacktestConfig(stored.config as BacktestConfigInput);
  const job = await runBacktestJob(config, workspace.store, options);
  const summary = stored.summary as RunSummary;
  return {
    runId,
    job,
    reproduced: JSON.stringify(summary.metrics) === JSON.stringify(job.result.metrics),
    sameData: summary.dataHash === job.dataHash,
  };
}
