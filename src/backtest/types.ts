// What a backtest takes and what it gives back. A result carries its full config so it reproduces.
import type { Gap, Timeframe } from '../core/index.ts';
import type { DataSource } from '../data/index.ts';

export type { Gap };

export type SizingMode = 'all-in' | 'fixed' | 'quote' | 'percent';
export type FillTiming = 'next-open' | 'close';
export type ParamValue = number | boolean | string;

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

export type ExitReason = 'signal' | 'stop-loss' | 'take-profit' | 'reverse' | 'end-of-data';

/** One closed round trip. `qty` is negative for shorts; times are UTC ms. */
export interface Trade {
  readonly entryTime: number;
  readonly exitTime: number;
  readonly side: 'long' | 'short';
  readonly qty: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Entry plus exit fee, in quote currency. */
  readonly fee: number;
  /** Net of fees. */
  readonly pnl: number;
  /** pnl over entry notional, in %. */
  readonly returnPct: number;
  readonly exitReason: ExitReason;
}

export interface EquityPoint {
  readonly time: number;
  readonly equity: number;
  readonly drawdownPct: number;
}

/**
 * Equity after each candle's close, columnar: a million-candle run would otherwise allocate a
 * million objects. `equityPoints()` gives the object form for JSON.
 */
export interface EquityCurve {
  readonly length: number;
  readonly time: Float64Array;
  readonly equity: Float64Array;
  /** Distance below the running peak in %, <= 0; the first peak is the starting cash. */
  readonly drawdownPct: Float64Array;
}

export interface Metrics {
  readonly startTime: number;
  readonly endTime: number;
  readonly candles: number;
  readonly startEquity: number;
  readonly endEquity: number;
  readonly totalReturnPct: number;
  readonly buyAndHoldReturnPct: number;
  readonly cagrPct: number;
  readonly maxDrawdownPct: number;
  /** Longest time spent below a previous equity peak (the starting cash included), in ms. */
  readonly maxDrawdownDurationMs: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  readonly winRatePct: number;
  readonly profitFactor: number;
  readonly expectancy: number;
  readonly tradeCount: number;
  readonly avgTradePct: number;
  readonly bestTradePct: number;
  readonly worstTradePct: number;
  readonly exposurePct: number;
  readonly feesPaid: number;
}


/** An intent the risk engine or the broker refused, and why. */
export interface Rejection {
  readonly time: number;
  readonly reason: string;
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
