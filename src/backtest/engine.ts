// The event-driven backtest: one pass over closed candles through Strategy → RiskEngine → SimBroker,
// with a simulated clock. The loop reads columnar arrays and allocates nothing per candle, which
// is what lets it run millions of candles per second.
import { checkIntent, InputError, InvariantError, timeframeMs } from '../core/index.ts';
import type { Candle, CandleSeries, Intent } from '../core/index.ts';
import { RiskEngine } from '../risk/index.ts';
import { strategyFailure, strategyLabel } from '../strategies/index.ts';
import type { Strategy, StrategyContext, StrategyPhase } from '../strategies/index.ts';
import { computeMetrics, drawdownPct, limitFillPrice, roundToTick, SimBroker, stopFillPrice } from '../engine/index.ts';
import type { BacktestConfig, BacktestResult, EquityCurve, Gap, Metrics } from './types.ts';

export interface RunOptions {
  /** Data gaps found by the loader; listed in the result, never fatal. */
  readonly gaps?: readonly Gap[];
  /** Leading candles that only warm the strategy up: no trading, no equity, not in the metrics. */
  readonly warmup?: number;
  /** Called after every candle with the broker's state; for invariant checks and tracing. */
  readonly observe?: (index: number, cash: number, position: number, equity: number) => void;
}

/** One candle object, rewritten for each step, so the loop allocates nothing. */
type MutableCandle = { -readonly [K in keyof Candle]: Candle[K] };
type MutableContext = { -readonly [K in Exclude<keyof StrategyContext, 'candle'>]: StrategyContext[K] } & { readonly candle: MutableCandle };

export function runBacktest(candles: CandleSeries, config: BacktestConfig, strategy: Strategy, options: RunOptions = {}): BacktestResult {
  const equity = new Float64Array(simulatedLength(candles, config, options));
  const run = runCandles(candles, config, strategy, options, equity, true);
  return {
    config,
    metrics: metricsOf(candles, config, run, equity),
    trades: run.broker.trades,
    equity: equityCurve(afterWarmup(candles.time, run.start), equity, config.cash),
    gaps: options.gaps ?? [],
    rejections: run.broker.rejections,
    rejectedCount: run.broker.rejectedCount,
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
  readonly broker: SimBroker;
  /** Leading warm-up candles, outside `equity`. */
  readonly start: number;
  readonly exposed: number;
}

/** Runs the strategy over the candles, writing the equity after each simulated candle. */
function runCandles(candles: CandleSeries, config: BacktestConfig, strategy: Strategy, options: RunOptions, equity: Float64Array, keepTrades: boolean): CandleRun {
  const n = candles.length;
  const start = options.warmup ?? 0;
  const { time, close } = candles;
  const broker = new SimBroker(config, keepTrades);
  const risk = new RiskEngine({
    allowShort: config.allowShort,
    maxTradesPerDay: config.maxTradesPerDay ?? Infinity,
    stopLossPct: config.stopLossPct,
    takeProfitPct: config.takeProfitPct,
  });
  const candle: MutableCandle = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const ctx: MutableContext = { candle, index: 0, position: 0, entryPrice: NaN, allowShort: config.allowShort };
  // The strategy is the user's code: what it throws, or a bad intent it returns, ends the run with
  // one line naming it and the candle (ctx.index is set before every onCandle call).
  let phase: StrategyPhase = 'prepare';
  let exposed: number;
  try {
    strategy.prepare?.(candles);
    phase = 'onCandle';
    for (let i = 0; i < start; i++) {
      fillCandle(candle, candles, i);
      ctx.index = i;
      strategy.onCandle(ctx); // warm-up: the strategy updates its indicators; its intents are dropped
    }
    exposed = simulate(candles, start, strategy, broker, risk, ctx, equity, config.fill === 'close', options.observe);
  } catch (error) {
    if (error instanceof InvariantError) throw error; // the engine's own: a bug, not the strategy
    throw strategyFailure(error, strategyLabel(config.strategy), phase, time[ctx.index]);
  }

  // An open position is valued at the last close and closed there, fees included, so every
  // trade is in the list and the trades' pnl adds up to the equity change.
  if (broker.position !== 0) {
    broker.close(1, close[n - 1]!, time[n - 1]!, false, 'end-of-data');
    equity[n - 1 - start] = broker.cash;
  }
  return { broker, start, exposed };
}

function metricsOf(candles: CandleSeries, config: BacktestConfig, run: CandleRun, equity: Float64Array): Metrics {
  return computeMetrics({
    close: afterWarmup(candles.close, run.start),
    time: afterWarmup(candles.time, run.start),
    equity,
    trades: run.broker.tally,
    startEquity: config.cash,
    feesPaid: run.broker.feesPaid,
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
function simulate(
  candles: CandleSeries,
  start: number,
  strategy: Strategy,
  broker: SimBroker,
  risk: RiskEngine,
  ctx: MutableContext,
  equity: Float64Array,
  fillAtClose: boolean,
  observe: RunOptions['observe'],
): number {
  const { time, open, high, low, close, volume } = candles;
  const n = candles.length;
  const candle = ctx.candle;
  let pending: Intent | null = null;
  let exposed = 0;
  for (let i = start; i < n; i++) {
    const t = time[i]!;
    const o = open[i]!;
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    // Prices inside a candle happen in order (fill-model.ts): first the open, where resting
    // stops and targets the open gapped through fill; then the pending intent; then the range, seen
    // by protection armed inside the candle only from the price at which it was armed.
    if (isProtected(broker)) checkProtection(broker, t, o, o, o);
    let armedAt = o;
    if (pending !== null) {
      const fill = executePending(broker, risk, pending, t, o, h, l);
      if (fill !== NOT_FILLED) {
        pending = null;
        if (fill !== FILLED_WITHOUT_ENTRY) armedAt = fill;
      }
    }
    if (isProtected(broker)) checkProtection(broker, t, armedAt, h, l);

    candle.time = t;
    candle.open = o;
    candle.high = h;
    candle.low = l;
    candle.close = c;
    candle.volume = volume[i]!;
    ctx.index = i;
    ctx.position = broker.position;
    ctx.entryPrice = broker.entryPrice;
    const intent = strategy.onCandle(ctx);
    if (intent !== null) {
      checkIntent(intent);
      const decision = risk.check(intent, { time: t, position: broker.position });
      if (!decision.approved) broker.reject(t, decision.reason);
      else if (fillAtClose && intent.limitPrice === undefined) execute(broker, risk, intent, t, c, true);
      else pending = intent; // a newer intent replaces an unfilled one, as a cancel/replace would
    }
    const e = broker.equity(c);
    equity[i - start] = e;
    if (broker.position !== 0) exposed++;
    if (observe !== undefined) observe(i, broker.cash, broker.position, e);
  }
  return exposed;
}

function fillCandle(candle: MutableCandle, s: CandleSeries, i: number): void {
  candle.time = s.time[i]!;
  candle.open = s.open[i]!;
  candle.high = s.high[i]!;
  candle.low = s.low[i]!;
  candle.close = s.close[i]!;
  candle.volume = s.volume[i]!;
}

/** `executePending` results besides a fill price that armed protection. */
const NOT_FILLED = -1;
const FILLED_WITHOUT_ENTRY = -2;

/**
 * Fills a pending intent in the candle that follows the decision: a market order at the open, a
 * limit at the open if the open is beyond it, else at the limit if the range reaches it. Returns
 * the price of an entry fill (where its stop and target are armed), FILLED_WITHOUT_ENTRY when the
 * intent is done without opening anything (an exit, a refusal), or NOT_FILLED (a limit still waiting).
 */
function executePending(broker: SimBroker, risk: RiskEngine, intent: Intent, t: number, o: number, h: number, l: number): number {
  if (intent.limitPrice === undefined) return execute(broker, risk, intent, t, o, true) ? o : FILLED_WITHOUT_ENTRY;
  const isBuy = intent.type === 'enter' ? intent.side === 'long' : broker.position < 0;
  if (intent.type === 'exit' && broker.position === 0) return FILLED_WITHOUT_ENTRY;
  const price = limitFillPrice(isBuy, roundToTick(intent.limitPrice, broker.tickSize), o, h, l);
  if (Number.isNaN(price)) return NOT_FILLED;
  return execute(broker, risk, intent, t, price, false) ? price : FILLED_WITHOUT_ENTRY;
}

/** Returns true when an entry filled (and armed the position's stop and target at `price`). */
function execute(broker: SimBroker, risk: RiskEngine, intent: Intent, t: number, price: number, isMarket: boolean): boolean {
  if (intent.type === 'exit') {
    broker.close(intent.fraction ?? 1, price, t, isMarket, 'signal');
    return false;
  }
  const isLong = intent.side === 'long';
  // Reversing (margin/futures mode): close the position and open the other side in the same fill.
  if (broker.position !== 0 && broker.position > 0 !== isLong) {
    if (!broker.close(1, price, t, isMarket, 'reverse')) return false;
  }
  const protection = risk.protection(intent);
  const opened = broker.open(intent.side, intent.fraction ?? 1, price, t, isMarket, protection.stopLossPct, protection.takeProfitPct);
  if (opened) risk.recordEntry(t);
  return opened;
}

/** A position with a stop or a target; small enough to inline, so unprotected runs skip the checks. */
function isProtected(broker: SimBroker): boolean {
  return broker.position !== 0 && (!Number.isNaN(broker.stopPrice) || !Number.isNaN(broker.takePrice));
}

/**
 * Stop-loss / take-profit over the prices from `from` on (fill-model.ts): `from` itself first (the
 * open for levels that rested before the candle, the fill price for levels armed inside it), then
 * the range, where the stop is assumed to come first when both could have hit.
 * Called with high = low = open for the open alone.
 */
function checkProtection(broker: SimBroker, t: number, from: number, h: number, l: number): void {
  const isLong = broker.position > 0;
  const stop = broker.stopPrice;
  const take = broker.takePrice;
  let price = stopFillPrice(isLong, stop, from, from, from);
  if (!Number.isNaN(price)) {
    broker.close(1, price, t, true, 'stop-loss');
    return;
  }
  price = limitFillPrice(!isLong, take, from, from, from);
  if (!Number.isNaN(price)) {
    broker.close(1, price, t, false, 'take-profit');
    return;
  }
  price = stopFillPrice(isLong, stop, from, h, l);
  if (!Number.isNaN(price)) {
    broker.close(1, price, t, true, 'stop-loss');
    return;
  }
  price = limitFillPrice(!isLong, take, from, h, l);
  if (!Number.isNaN(price)) broker.close(1, price, t, false, 'take-profit');
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
