// Use case: run (or resume) a sweep and rank its results.
import { parseRankMetric, rankResults, runSweep } from '../research/index.ts';
import type { RankMetric, SweepOutcome, SweepSpec } from '../research/index.ts';
import type { SweepResultRow } from '../store/index.ts';
import type { Workspace } from './workspace.ts';

export interface SweepRequest {
  readonly spec: SweepSpec;
  /** Worker threads (ignored with `redisUrl`). */
  readonly workers: number;
  /** Run the scenarios as BullMQ jobs on this Redis for `rampart worker` processes. */
  readonly redisUrl?: string | undefined;
  /** Continue the newest sweep of the same settings and data; refused, naming the set, when only the data changed. */
  readonly resume: boolean;
  /** Confirms a sweep larger than the spec's maxScenarios. */
  readonly yes: boolean;
}

/** What a long run tells its caller while it works. */
export interface RunCallbacks {
  /** One line naming each candle set, before anything runs. */
  readonly announce?: ((line: string) => void) | undefined;
  /** Scenarios done of the total, after each one. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Polled between scenarios: true stops the sweep after the ones in flight (they are stored). */
  readonly shouldStop?: (() => boolean) | undefined;
}

export interface SweepCallbacks extends RunCallbacks {
  /** Without `resume`: an unfinished sweep of the same settings and data exists (this one starts anew). */
  readonly onUnfinished?: ((sweep: { readonly id: number; readonly stored: number; readonly total: number }) => void) | undefined;
}

export interface RankedSweep {
  readonly outcome: SweepOutcome;
  readonly rank: RankMetric;
  /** Every result, best first by `rank`. */
  readonly ranked: readonly SweepResultRow[];
}

/** Runs the sweep (see research/sweep/run-sweep.ts) and ranks it by the spec's metric. Throws InputError for an unknown metric or a refused resume. */
export async function sweep(request: SweepRequest, workspace: Workspace, callbacks: SweepCallbacks = {}): Promise<RankedSweep> {
  const rank = parseRankMetric(request.spec.rank);
  const outcome = await runSweep(request.spec, {
    store: workspace.store,
    results: workspace.results,
    clock: workspace.clock,
    workers: request.workers,
    redisUrl: request.redisUrl,
    resume: request.resume,
    refuseChangedData: true,
    yes: request.yes,
    announce: callbacks.announce,
    onUnfinished: callbacks.onUnfinished,
    ...(callbacks.onProgress === undefined ? {} : { onProgress: callbacks.onProgress }),
    ...(callbacks.shouldStop === undefined ? {} : { shouldStop: callbacks.shouldStop }),
  });
  return { outcome, rank, ranked: rankResults(outcome.results, rank) };
}
