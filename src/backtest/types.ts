// What a backtest takes and what it gives back. A result carries its full config so it reproduces.
import type { FillTiming, Gap, Metrics, EquityCurve, ParamValue, Rejection, SizingMode, Timeframe, Trade } from '../core/index.ts';

export type { EquityCurve, EquityPoint, ExitReason, FillTiming, Metrics, ParamValue, Rejection, SizingMode, Trade } from '../core/index.ts';
import type { DataSource } from '../data/index.ts';

export type { Gap };

export interface BacktestConfig {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** A candle file backtested directly instead of the store / bundled data. */
  readonly dataFile?: string;
  /** Store or bundled data, when both have the set (default auto: see data/resolve.ts). */
  readonly source?: DataSource;
  /** Open-time bounds in UTC ms: [from, to). */
  readonly from?: number;
  readonly to?: number;
  readonly strategy: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly cash: number;
  /** Fraction of notional, per side. */
  readonly fee: number;
  /** Fraction of price, always against the trader. */
  readonly slippage: number;
  readonly sizing: SizingMode;
  /** fixed: base quantity; quote: quote amount; percent: % of equity; all-in: unused. */
  readonly sizingValue: number;
  readonly lotStep: number;
  readonly tickSize: number;
  readonly minNotional: number;
  readonly allowShort: boolean;
  readonly fill: FillTiming;
  /**
   * Candles before `from` fed to the strategy only to warm its indicators (no trading, not in the
   * metrics); fewer where the data starts later.
   */
  readonly warmupCandles: number;
  /** The risk engine's stop-loss on every entry, % from entry; 0 = none (the tighter of it and the strategy's). */
  readonly stopLossPct: number;
  /** The risk engine's take-profit on every entry, % from entry; 0 = none (the nearer of it and the strategy's). */
  readonly takeProfitPct: number;
  /** Entries per UTC day the risk engine allows; absent = no limit. */
  readonly maxTradesPerDay?: number;
}

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
