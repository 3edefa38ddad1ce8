// Built-in strategies on real bundled data and on hand-made series.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBacktestConfig, runBacktest } from '../../src/backtest/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { Macd, macd } from '../../src/indicators/index.ts';
import { InvariantError } from '../../src/core/index.ts';
import { BUILT_IN_STRATEGIES, builtInStrategy, CrossDetector, macdCrosses, resolveParams, strategyDisplayName } from '../../src/strategies/index.ts';
import type { Strategy } from '../../src/strategies/index.ts';
import { candles, plainConfig } from '../fixtures/backtest.ts';

const daily = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1d' }).series;
const hourly = loadCandles({ exchange: 'binance', symbol: 'ETHUSDT', timeframe: '1h' }).series;

describe('macd-cross', () => {
  test('every entry follows an upward cross and every exit a downward cross', () => {
    const params = resolveParams(builtInStrategy('macd-cross'), { fast: 12, slow: 26, signal: 9 });
    const config = parseBacktestConfig({ symbol: 'ETHUSDT', timeframe: '1h', strategy: 'macd-cross', params });
    const result = runBacktest(hourly, config, builtInStrategy('macd-cross').create(params));
    const { macd: line, signal } = macd(hourly.close, 12, 26, 9);
    const indexOf = (time: number): number => hourly.time.indexOf(time);
    assert.ok(result.trades.length > 20);
    for (const trade of result.trades) {
      const decided = indexOf(trade.entryTime) - 1; // filled at the next open
      assert.ok(line[decided - 1]! - signal[decided - 1]! < 0 && line[decided]! - signal[decided]! > 0, `entry at ${decided} is not a cross`);
      if (trade.exitReason === 'signal') {
        const exited = indexOf(trade.exitTime) - 1;
        assert.ok(line[exited - 1]! - signal[exited - 1]! > 0 && line[exited]! - signal[exited]! < 0, `exit at ${exited} is not a cross`);
      }
    }
  });

  test('stop-loss and take-profit parameters bound each trade', () => {
    const params = resolveParams(builtInStrategy('macd-cross'), { stopLoss: 2, takeProfit: 4 });
    const config = parseBacktestConfig({ symbol: 'ETHUSDT', timeframe: '1h', strategy: 'macd-cross', params, fee: 0 });
    const result = runBacktest(hourly, config, builtInStrategy('macd-cross').create(params));
    const reasons = new Set(result.trades.map((t) => t.exitReason));
    assert.ok(reasons.has('stop-loss') && reasons.has('take-profit'));
    for (const trade of result.trades) {
      if (trade.exitReason === 'take-profit') assert.ok(Math.abs(trade.exitPrice / trade.entryPrice - 1.04) < 0.01 || trade.exitPrice > trade.entryPrice * 1.04);
      if (trade.exitReason === 'stop-loss') assert.ok(trade.exitPrice <= trade.entryPrice * 0.98 + 0.01);
    }
  });
});

describe('macd-cross prepared from columns', () => {
  // A backtest calls prepare and the strategy reads crosses worked out from memoised MACD lines;
  // live trading streams. Both must decide the same on every candle.
  const streaming = (inner: Strategy): Strategy => ({ onCandle: (ctx) => inner.onCandle(ctx) });
  const cases = [
    { fast: 12, slow: 26, signal: 9 },
    { fast: 3, slow: 5, signal: 3, stopLoss: 1.5, takeProfit: 3 },
    { fast: 19, slow: 29, signal: 15 },
  ];
  for (const values of cases) {
    test(`decides as the streaming path: ${JSON.stringify(values)}`, () => {
      for (const allowShort of [false, true]) {
        const params = resolveParams(builtInStrategy('macd-cross'), values);
        const config = parseBacktestConfig({ symbol: 'ETHUSDT', timeframe: '1h', strategy: 'macd-cross', params, allowShort });
        const prepared = runBacktest(hourly, config, builtInStrategy('macd-cross').create(params));
        const streamed = runBacktest(hourly, config, streaming(builtInStrategy('macd-cross').create(params)));
        assert.ok(prepared.trades.length > 10);
        assert.deepEqual(prepared.trades, streamed.trades);
        assert.deepEqual(prepared.metrics, streamed.metrics);
      }
    });
  }

  // What a streaming Macd and CrossDetector give, candle by candle.
  const streamedCrosses = (close: Float64Array, fast: number, slow: number, signal: number): Int8Array => {
    const indicator = new Macd(fast, slow, signal);
    const detector = new CrossDetector();
    return Int8Array.from(close, (x) => {
      indicator.update(x);
      return detector.update(indicator.value, indicator.signal, x);
    });
  };

  test('macdCrosses gives the streaming crosses on real closes, ties, a NaN close and too few candles', () => {
    const flat = Float64Array.from({ length: 120 }, (_v, i) => (i < 40 ? 100 + (i % 7) : i < 80 ? 100 : 100 + ((i * 3) % 11)));
    const poisoned = hourly.close.slice(0, 400);
    poisoned[200] = NaN;
    const columns = [hourly.close, daily.close, flat, poisoned, daily.close.subarray(0, 30), new Float64Array(0)];
    for (const close of columns) {
      for (const [fast, slow, signal] of [[12, 26, 9], [3, 5, 3], [26, 12, 9], [1, 2, 1]] as const) {
        assert.deepEqual(macdCrosses(close, fast, slow, signal), streamedCrosses(close, fast, slow, signal), `${close.length} closes, ${fast}/${slow}/${signal}`);
      }
    }
    assert.ok(macdCrosses(hourly.close, 12, 26, 9).some((cross) => cross === -1));
  });

  test('refuses a candle past the ones it was prepared for', () => {
    const strategy = builtInStrategy('macd-cross').create(resolveParams(builtInStrategy('macd-cross'), {}));
    strategy.prepare!(daily);
    const ctx = { candle: { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }, index: daily.length, position: 0, entryPrice: NaN, allowShort: false };
    assert.throws(() => strategy.onCandle(ctx), InvariantError);
  });
});

describe('grid', () => {
  test('buys a level on the way down and sells it one level up', () => {
    // band 90..110 with 4 levels: lines at 90, 95, 100, 105, 110. The close swings 99 ↔ 106:
    // every swing down buys the levels whose line it crossed, every swing up sells one level up.
    const closes = [102, 99, 106, 99, 106, 99, 106];
    const rows = closes.map((close) => [close, close, close, close] as const);
    const params = resolveParams(builtInStrategy('grid'), { levels: 4, lower: 90, upper: 110 });
    const result = runBacktest(candles(rows), plainConfig({ fill: 'close' }), builtInStrategy('grid').create(params));
    assert.ok(result.trades.length >= 3);
    for (const trade of result.trades) {
      assert.equal(trade.side, 'long');
      assert.deepEqual([trade.entryPrice, trade.exitPrice], [99, 106]);
    }
    assert.ok(result.metrics.endEquity > 1000);
  });

  test('lower without upper is refused', () => {
    assert.throws(() => resolveParams(builtInStrategy('grid'), { lower: 90 }), /give both lower and upper/);
  });
});

describe('every built-in strategy', () => {
  for (const definition of BUILT_IN_STRATEGIES) {
    test(`${definition.name} runs on real data with its defaults and declares its parameters`, () => {
      const params = resolveParams(definition, {});
      for (const spec of definition.params) {
        assert.equal(typeof params[spec.name], spec.type === 'bool' ? 'boolean' : 'number');
        assert.ok(spec.description.length > 0);
      }
      const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d', strategy: definition.name, params });
      const result = runBacktest(daily, config, definition.create(params));
      assert.equal(result.equity.length, daily.length);
      assert.ok(Number.isFinite(result.metrics.endEquity));
    });
  }

  test('regime-adaptive trades in both regimes on a year of hourly data', () => {
    const definition = builtInStrategy('regime-adaptive');
    const params = resolveParams(definition, {});
    const config = parseBacktestConfig({ symbol: 'ETHUSDT', timeframe: '1h', strategy: definition.name, params });
    const result = runBacktest(hourly, config, definition.create(params));
    // Trend entries go all-in; grid entries buy one level's share of the cash.
    const shareOfEquity = result.trades.map((t) => {
      const i = hourly.time.indexOf(t.entryTime);
      return (t.qty * t.entryPrice) / result.equity.equity[i - 1]!;
    });
    assert.ok(shareOfEquity.some((share) => share > 0.95), 'no trend (all-in) entry');
    assert.ok(shareOfEquity.some((share) => share < 0.5), 'no grid (one level) entry');
  });
});

test('a strategy file is shown by its file name without folder and extension; a built-in by its name', () => {
  assert.equal(strategyDisplayName('/home/me/strats/my-rsi.ts'), 'my-rsi');
  assert.equal(strategyDisplayName('./x.mjs'), 'x');
  assert.equal(strategyDisplayName('macd-cross'), 'macd-cross');
});
