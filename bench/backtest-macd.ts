// Benchmark: the event-driven MACD-cross backtest over 1,000,000 candles against a hand-written
// tight loop computing the same trades (checked identical), plus the run's peak memory.
import assert from 'node:assert/strict';
import { parseBacktestConfig, runBacktest } from '../src/backtest/index.ts';
import { builtInStrategy, resolveParams } from '../src/strategies/index.ts';
import { macdCrossTightLoop } from './macd-tight-loop.ts';
import { printFigure, timeBest } from './report.ts';
import { randomWalkCandles } from './synthetic-candles.ts';

const COUNT = 1_000_000;
const candles = randomWalkCandles(COUNT, 42);
// Binance BTCUSDT lot step and 0.1% fee; no min notional, because 4,000 round trips on a random
// walk grind the account down to dust that an exchange would refuse to sell.
const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1m', strategy: 'macd-cross', params: { fast: 12, slow: 26, signal: 9 }, minNotional: 0 });
const definition = builtInStrategy('macd-cross');
const params = resolveParams(definition, config.params);
const rules = { cash: config.cash, fee: config.fee, lotStep: config.lotStep, minNotional: config.minNotional };

const engineRun = () => runBacktest(candles, config, definition.create(params));
const tightRun = () => macdCrossTightLoop(candles, 12, 26, 9, rules);

const engine = engineRun();
const tight = tightRun();
assert.equal(engine.trades.length, tight.trades.length, 'engine and tight loop trade counts differ');
engine.trades.forEach((trade, i) => {
  const ref = tight.trades[i]!;
  assert.deepEqual([trade.entryTime, trade.exitTime, trade.qty, trade.entryPrice, trade.exitPrice], [ref.entryTime, ref.exitTime, ref.qty, ref.entryPrice, ref.exitPrice], `trade ${i} differs`);
  assert.ok(Math.abs(trade.pnl - ref.pnl) <= 1e-9 * Math.max(1, Math.abs(ref.pnl)), `trade ${i} pnl differs`);
});
assert.ok(Math.abs(engine.metrics.endEquity - tight.endEquity) <= 1e-6, 'end equity differs');

const engineMs = timeBest(engineRun, 5);
const tightMs = timeBest(tightRun, 5);
printFigure('backtest.macd.engine.candles_per_s', Math.round(COUNT / (engineMs / 1000)), 'candles/s');
printFigure('backtest.macd.tight_loop.candles_per_s', Math.round(COUNT / (tightMs / 1000)), 'candles/s');
printFigure('backtest.macd.engine_vs_tight_loop', Number((engineMs / tightMs).toFixed(2)), 'x slower');
printFigure('backtest.macd.trades', engine.trades.length, 'trades');
printFigure('backtest.macd.bench_process.peak_rss', Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
