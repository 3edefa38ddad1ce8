// Use case: walk-forward analysis. The data span is cut into in-sample / out-of-sample windows,
// the spec's grid runs on all of them as one sweep, and each window's in-sample winner is judged
// on the out-of-sample window that follows.
import { dataSpan, parseRankMetric, pickPerWindow, runSweep, summarizeWalkForward, walkForwardWindows } from '../research/index.ts';
import type { RankMetric, SweepSpec, WalkForwardMode } from '../research/index.ts';
import type { WalkForwardReport } from '../research/sweep/report/index.ts';
import type { RunCallbacks } from './sweep.ts';
import type { Workspace } from './workspace.ts';

export interface WalkForwardRequest {
  /** The grid, data sets and settings; its `ranges` are replaced by the windows. */
  readonly spec: SweepSpec;
  /** Number of out-of-sample windows. */
  readonly windows: number;
  readonly mode: WalkForwardMode;
  /** Out-of-sample share of each window, in (0, 1). */
  readonly oosFraction: number;
  /** In-sample winners need at least this many trades. */
  readonly minTrades: number;
  /** Metric that picks the in-sample winner; default the spec's rank. */
  readonly metric?: string | undefined;
  readonly workers: number;
  /** Confirms a sweep larger than the spec's maxScenarios. */
  readonly yes: boolean;
}

/** Everything the walk-forward page shows (so it renders the result as it is), and the sweep that ran. */
export interface WalkForwardResult extends WalkForwardReport {
  /** The sweep that ran: the request's spec with the windows as its ranges. */
  readonly spec: SweepSpec;
  readonly metric: RankMetric;
  /** Every scenario was computed or found stored (false when stopped). */
  readonly complete: boolean;
}

/** Throws InputError for an unknown metric, windows that do not fit the data, or a refused sweep. */
export async function walkForward(request: WalkForwardRequest, workspace: Workspace, callbacks: RunCallbacks = {}): Promise<WalkForwardResult> {
  const metric = parseRankMetric(request.metric ?? request.spec.rank);
  const span = dataSpan(request.spec, workspace.store);
  const windows = walkForwardWindows(span.start, span.end, request.windows, request.mode, request.oosFraction, span.stepMs);
  const spec: SweepSpec = { ...request.spec, ranges: [...windows.map((w) => ({ from: w.isFrom, to: w.isTo })), ...windows.map((w) => ({ from: w.oosFrom, to: w.oosTo }))] };
  const outcome = await runSweep(spec, {
    store: workspace.store,
    results: workspace.results,
    clock: workspace.clock,
    workers: request.workers,
    resume: true,
    yes: request.yes,
    announce: callbacks.announce,
    ...(callbacks.onProgress === undefined ? {} : { onProgress: callbacks.onProgress }),
    ...(callbacks.shouldStop === undefined ? {} : { shouldStop: callbacks.shouldStop }),
  });
  const picks = pickPerWindow(outcome.results, windows, metric, request.minTrades);
  return {
    sweepId: outcome.sweepId,
    spec,
    strategy: spec.strategy,
    warmup: spec.warmupCandles,
    mode: request.mode,
    metric,
    minTrades: request.minTrades,
    windows,
    picks,
    summary: summarizeWalkForward(picks),
    sweptParams: outcome.expansion.sweptParams,
    complete: outcome.complete,
  };
}
