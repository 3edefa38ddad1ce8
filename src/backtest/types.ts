// What a backtest takes and what it gives back. A result carries its full config so it reproduces.
import type { Gap, Metrics, EquityCurve, Rejection, Trade } from '../core/index.ts';
import type { BacktestConfig } from './config.ts';

export type { EquityCurve, EquityPoint, ExitReason, FillTiming, Metrics, ParamValue, Rejection, SizingMode, Trade } from '../core/index.ts';

export type { Gap };

export type { BacktestConfig } from './config.ts';

export interface BacktestResult {
  readonly config: BacktestConfig;
  readonly metrics: Metrics;
  readonly trades: readonly Trade[];
  readonly equity: EquityCurve;
  readonly gaps: readonly Gap[];
  /** The first refused intents (at most 1,000 are kept, in time order); `rejectedCount` has them all. */
  readonly rejections: readonly Rejection[];
  /** Every intent refused in the run, kept in `rejections` or not. */
  readonly rejectedCount: number;
}
