// The application layer: the use cases the CLI calls and the REST API will call. Each takes plain,
// already parsed input and a workspace (store, results, clock), returns plain results and reports
// progress through callbacks; none prints, exits or reads flags.
export { openWorkspace, withWorkspace } from './workspace.ts';
export type { OpenWorkspace, Workspace, WorkspaceOptions } from './workspace.ts';
export { strategyRef } from './strategy-ref.ts';
export { backtestAndStore, rerunBacktest } from './backtest.ts';
export type { Rerun, StoredBacktest } from './backtest.ts';
export { sweep } from './sweep.ts';
export type { RankedSweep, RunCallbacks, SweepCallbacks, SweepRequest } from './sweep.ts';
export { walkForward } from './walk-forward.ts';
export type { WalkForwardRequest, WalkForwardResult } from './walk-forward.ts';
export { DEFLATED_SHARPE_BAR, selectDeployment } from './select.ts';
export type { Deployment, SelectOutcome, SelectRequest } from './select.ts';
export { lookaheadCheck } from './lookahead.ts';
export type { LookaheadRequest, LookaheadResult } from './lookahead.ts';
export { instanceExpectation } from './expectation.ts';
export type { ExpectationRequest } from './expectation.ts';
