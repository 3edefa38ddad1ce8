// Research on top of the backtest: parameter sweeps (worker threads, or BullMQ jobs across
// machines), walk-forward analysis, winner selection with overfitting checks, the lookahead check.
export * from './sweep/index.ts';
export * from './selection/index.ts';
export { checkLookahead } from './lookahead.ts';
export type { LookaheadReport, LookaheadFinding } from './lookahead.ts';
