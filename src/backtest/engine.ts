// The backtest: a driver of the trading kernel (src/engine) with a simulated clock. It hands the
// strategy the whole run first (`prepare`), feeds the warm-up candles, then every candle through
// the kernel, whose simulated venue applies the fill model, and records the equity after each
// close. Paper trading drives the same kernel on the same venue one live candle at a time.
import { InputError, InvariantError, timeframeMs } from '../core/index.ts';
import type { CandleSeries } from '../core/index.ts';
import { computeMetrics, drawdownPct, simulatedKernel } from '../engine/index.ts';
import type { Portfolio, TradingKernel } from '../engine/index.ts';
import { strategyFailure, strategyLabel } from '../strategies/index.ts';
import type { Strategy, StrategyPhase } from '../strategies/index.ts';
import type { BacktestConfig, BacktestResult, EquityCurve, Gap, Metrics } from './types.ts';

export interface RunOptions {
  /** Data gaps found by the loader; listed in the result, never fatal. */
  readonly gaps?: readonly Gap[];
  /** Leading candles that only warm the strategy up: no trading, no equity, not in the metrics. */
  readonly warmup?: number;
  /** Called after every candle with the broker's state; for invariant checks and tracing. */
  readonly observe?: (index: number, cash: number, position: number, equity: number) => void;
}

export function runBacktest(candles: CandleSeries, config: BacktestConfig, strategy: Strategy, options: RunOptions = {}): BacktestResult {
  const equity = new Float64Array(simulatedLength(candles, config, options));
  const run = runCandles(candles, config, strategy, options, equity, true);
  return {
    config,
    metrics: metricsOf(candles, config, run, equity),
    trades: run.portfolio.trades,
    equity: equityCurve(afterWarmup(candles.time, run.start), equity, config.cash),
    gaps: options.gaps ?? [],
    rejections: run.portfolio.rejections,
    rejectedCount: run.portfolio.rejectedCount,
  };
}

/** Reused by `backtestMetrics` from run to run; one per thread, as each thread has its own module. */
let scratch = new Float64Array(0);

/**
 * The metrics of `runBacktest`, the same figures, without the curve, trades and rejections: the
 * equity column goes to a buffer reused from run to run, and closed trades are only tallied. A
 * sweep runs thousands of backtests and keeps only their metrics; a fresh curve per scenario was
 * ~160 MB of short-lived arrays per example sweep, and the garbage collection it caused took CPU
 * that two workers on two cores share.
 */
export function backtestMetrics(candles: CandleSeries, config: BacktestConfig, strategy: Strategy, options: Omit<RunOptions, 'gaps'> = {}): Metrics {
  const length = simulatedLength(candles, config, options);
  if (scratch.length < length) scratch = new Float64Array(length);
  const equity = scratch.subarray(0, length);
  return metricsOf(candles, config, runCandles(candles, config, strategy, options, equity, false), equity);
}

function simulatedLength(candles: CandleSeries, config: BacktestConfig, options: RunOptions): number {
  const length = candles.length - (options.warmup ?? 0);
  if (length <= 0) throw new InputError(`no candles to backtest for ${config.symbol} ${config.timeframe}`);
  return length;
}

interface CandleRun {
  readonly portfolio: Portfolio;
  /** Leading warm-up candles, outside `equity`. */
  readonly start: number;
  readonly exposed: number;
}

/** Runs the strategy over the candles, writing the equity after each simulated candle. */
function runCandles(candles: CandleSeries, config: BacktestConfig, strategy: Strategy, options: RunOptions, equity: Float64Array, keepTrades: boolean): CandleRun {
  const n = candles.length;
  const start = options.warmup ?? 0;
  const kernel = simulatedKernel(config, strategy, keepTrades);
  const { portfolio } = kernel;
  // The strategy is the user's code: what it throws, or a bad intent it returns, ends the run with
  // one line naming it and the candle.
  let phase: StrategyPhase = 'prepare';
  let exposed: number;
  try {
    strategy.prepare?.(candles);
    phase = 'onCandle';
    for (let i = 0; i < start; i++) kernel.warmUpAt(candles, i);
    exposed = simulate(candles, start, kernel, equity, options.observe);
  } catch (error) {
    if (error instanceof InvariantError) throw error; // the engine's own: a bug, not the strategy
    throw strategyFailure(error, strategyLabel(config.strategy), phase, phase === 'prepare' ? undefined : kernel.candleTime);
  }

  // An open position is valued at the last close and closed there, fees included, so every
  // trade is in the list and the trades' pnl adds up to the equity change.
  if (portfolio.position !== 0) {
    kernel.closeAtEnd();
    equity[n - 1 - start] = portfolio.cash;
  }
  return { portfolio, start, exposed };
}

function metricsOf(candles: CandleSeries, config: BacktestConfig, run: CandleRun, equity: Float64Array): Metrics {
  return computeMetrics({
    close: afterWarmup(candles.close, run.start),
    time: afterWarmup(candles.time, run.start),
    equity,
    trades: run.portfolio.tally,
    startEquity: config.cash,
    feesPaid: run.portfolio.feesPaid,
    exposedCandles: run.exposed,
    timeframeMs: timeframeMs(config.timeframe),
    timeframe: config.timeframe,
  });
}

/** A column without its warm-up candles, index for index with the equity column. */
function afterWarmup(column: Float64Array, start: number): Float64Array {
  return start === 0 ? column : column.subarray(start);
}

/**
 * The candle loop, in a function of its own: V8 optimises it as a whole on its first calls, where
 * a loop inside runBacktest ran as on-stack-replaced code that left for the interpreter at every
 * loop exit (measured: a sweep's backtests ran at two speeds, 1.5x apart, from run to run).
 * Returns the number of candles with a position open.
 */
function simulate(candles: CandleSeries, start: number, kernel: TradingKernel, equity: Float64Array, observe: RunOptions['observe']): number {
  const { close } = candles;
  const { portfolio } = kernel;
  const n = candles.length;
  let exposed = 0;
  for (let i = start; i < n; i++) {
    kernel.onCandleAt(candles, i);
    const e = portfolio.equity(close[i]!);
    equity[i - start] = e;
    if (portfolio.position !== 0) exposed++;
    if (observe !== undefined) observe(i, portfolio.cash, portfolio.position, e);
  }
  return exposed;
}

/** The curve's drawdowns, from the same running peak as the metrics: it starts at the starting cash. */
function equityCurve(time: Float64Array, equity: Float64Array, startEquity: number): EquityCurve {
  const drawdown = new Float64Array(equity.length);
  let peak = startEquity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    drawdown[i] = drawdownPct(e, peak);
  }
  return { length: equity.length, time, equity, drawdownPct: drawdown };
}
