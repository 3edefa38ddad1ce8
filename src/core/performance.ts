// A run's performance: the equity curve and the metrics computed from it, the same in a
// backtest, on paper and live.

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
