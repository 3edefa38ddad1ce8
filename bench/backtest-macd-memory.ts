// Benchmark: peak memory of one event-driven MACD backtest over 1,000,000 candles, in a process
// of its own (the figure includes Node, the TypeScript loader and the candle arrays).
import { parseBacktestConfig, runBacktest } from '../src/backtest/index.ts';
import { builtInStrategy, resolveParams } from '../src/strategies/index.ts';
import { printFigure } from './report.ts';
import { randomWalkCandles } from './synthetic-candles.ts';

const candles = randomWalkCandles(1_000_000, 42);
const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1m', strategy: 'macd-cross', minNotional: 0 });
const definition = builtInStrategy('macd-cross');
const result = runBacktest(candles, config, definition.create(resolveParams(definition, {})));
printFigure('backtest.macd.1m_candles.peak_rss', Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
printFigure('backtest.macd.1m_candles.trades', result.trades.length, 'trades');
