// Performance metrics from the equity curve and the closed trades.
// Conventions: the curve starts at the starting cash (the first peak and the first return's base,
// like CAGR's); per-candle simple returns; Sharpe/Sortino annualised with sqrt(candles per year)
// and a zero risk-free rate; drawdowns are negative percentages; ratios with a zero denominator
// are Infinity (no losses) or 0 (no data) — JSON output writes Infinity as null.
import { periodsPerYear } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';
import { TradeTally } from './trade-tally.ts';
import type { TradeStats } from './trade-tally.ts';
import type { Metrics, Trade } from '../core/index.ts';

export interface MetricsInput {
  readonly close: Float64Array;
  /** Candle times and the equity after each candle, index for index with `close`. */
  readonly time: Float64Array;
  readonly equity: Float64Array;
  /** The closed trades, or their statistics already added up (the same figures). */
  readonly trades: readonly Trade[] | TradeTally;
  readonly startEquity: number;
  readonly feesPaid: number;
  readonly exposedCandles: number;
  readonly timeframe: Timeframe;
  readonly timeframeMs: number;
}

const YEAR_MS = 365 * 86_400_000;

export function computeMetrics(input: MetricsInput): Metrics {
  const { close, time, equity, trades, startEquity } = input;
  const n = equity.length;
  const endEquity = equity[n - 1]!;
  const startTime = time[0]!;
  const endTime = time[n - 1]! + input.timeframeMs;
  const totalReturn = endEquity / startEquity - 1;
  const years = (endTime - startTime) / YEAR_MS;
  const cagr = endEquity > 0 && years > 0 ? Math.pow(endEquity / startEquity, 1 / years) - 1 : -1;
  const { drawdown, ratios } = curveStats(time, equity, startEquity, input.timeframeMs, periodsPerYear(input.timeframe));
  const stats = tradeStats(trades);
  return {
    startTime,
    endTime,
    candles: n,
    startEquity,
    endEquity,
    totalReturnPct: totalReturn * 100,
    buyAndHoldReturnPct: (close[n - 1]! / close[0]! - 1) * 100,
    cagrPct: cagr * 100,
    maxDrawdownPct: drawdown.pct,
    maxDrawdownDurationMs: drawdown.durationMs,
    sharpe: ratios.sharpe,
    sortino: ratios.sortino,
    calmar: drawdown.pct < 0 ? (cagr * 100) / -drawdown.pct : 0,
    ...stats,
    exposurePct: (input.exposedCandles / n) * 100,
    feesPaid: input.feesPaid,
  };
}

/**
 * Drawdowns and the return ratios of the curve, in one pass (a sweep computes them for every
 * scenario; two passes over the curve cost a third more). Each figure is added up in the same
 * order as it would be alone, so the values are the same to the bit.
 *
 * Drawdowns are from the running peak, with the same formula as the equity curve's drawdownPct.
 * The curve starts at the starting cash, before the first candle: it is the first peak, so a loss
 * on the first candle (a fill at its close, fees, slippage) is a drawdown. Durations are measured
 * between the times at which the equity is taken, each candle's close; the start is at the first
 * candle's open (its open time, one timeframe before its close).
 *
 * Returns are per-candle simple returns from the starting cash on; Sharpe and Sortino use the
 * sample standard deviation and the downside deviation, annualised with sqrt(perYear).
 */
function curveStats(
  time: Float64Array,
  equity: Float64Array,
  startEquity: number,
  timeframeMs: number,
  perYear: number,
): { drawdown: { pct: number; durationMs: number }; ratios: { sharpe: number; sortino: number } } {
  const n = equity.length;
  let pct = 0;
  let durationMs = 0;
  let peak = startEquity;
  // Candle open times label the equity taken at their close; the start's label is one step earlier.
  let peakTime = (time[0] ?? 0) - timeframeMs;
  let sum = 0;
  let sumSq = 0;
  let downSq = 0;
  let prev = startEquity;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const r = prev > 0 ? e / prev - 1 : 0;
    // The downside without a branch on the sign of r, which in a position is a coin toss the CPU
    // mispredicts half the time (this loop ran twice as long with it): r where r < 0, else 0 × r.
    // The NaN test only drops what `r < 0` would not have added (NaN, +Infinity), never taken on
    // a real curve.
    const down = r * +(r < 0);
    sum += r;
    sumSq += r * r;
    if (down === down) downSq += down * down;
    prev = e;
    if (e >= peak) {
      peak = e;
      peakTime = time[i]!;
    } else {
      const dd = drawdownPct(e, peak);
      if (dd < pct) pct = dd;
      if (time[i]! - peakTime > durationMs) durationMs = time[i]! - peakTime;
    }
  }
  const mean = sum / n;
  const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : 0;
  const std = Math.sqrt(Math.max(variance, 0));
  const downside = Math.sqrt(downSq / n);
  const scale = Math.sqrt(perYear);
  return {
    drawdown: { pct, durationMs },
    ratios: {
      sharpe: std > 0 ? (mean / std) * scale : 0,
      sortino: downside > 0 ? (mean / downside) * scale : mean > 0 ? Infinity : 0,
    },
  };
}

/** Distance of `equity` below `peak` in % (<= 0); 0 for a peak that is not positive. */
export function drawdownPct(equity: number, peak: number): number {
  return peak > 0 ? ((equity - peak) / peak) * 100 : 0;
}

function tradeStats(trades: readonly Trade[] | TradeTally): TradeStats {
  if (trades instanceof TradeTally) return trades.stats();
  const tally = new TradeTally();
  for (const trade of trades) tally.add(trade.pnl, trade.returnPct);
  return tally.stats();
}
