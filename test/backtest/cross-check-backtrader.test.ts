// Cross-check against backtrader, trade by trade, on its own published test data.
//
// Source: backtrader's tests/test_strategy_unoptimized.py (see test/fixtures/cross-check/README.md):
// an SMA(15) cross-over on datas/2006-day-001.txt; the test asserts the close at each order's
// creation, the price of each execution, and (stock-like run) final cash 6164.16, value 10284.10.
//
// Conventions matched:
// - market orders created at a candle's close execute at the next candle's open (ours: next-open);
// - stake of 1 unit, no commission, no slippage (ours: fixed sizing 1, fee 0, no lot/tick rules);
// - backtrader's CrossOver: up when the last NON-ZERO close−SMA difference before this candle was
//   negative and close > SMA now; our CrossDetector (used here, as by the built-in strategies)
//   counts a cross from the last side that was not a tie, the same rule;
// - no signal before the SMA exists plus one candle (backtrader's minimum period; the detector
//   needs a known side first);
// - enter only when flat, close only when long;
// - the position still open at the end is valued at the last close (backtrader's broker value;
//   ours closes it there with no fee, which gives the same equity).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseBacktestConfig, runBacktest } from '../../src/backtest/index.ts';
import { seriesFromCandles } from '../../src/core/index.ts';
import { Sma } from '../../src/indicators/index.ts';
import { CrossDetector, type Strategy } from '../../src/strategies/index.ts';
import { ROOT } from '../fixtures/cli.ts';

const BUYCREATE = ['3641.42', '3798.46', '3874.61', '3860.00', '3843.08', '3648.33', '3526.84', '3632.93', '3788.96', '3841.31', '4045.22', '4052.89'];
const SELLCREATE = ['3763.73', '3811.45', '3823.11', '3821.97', '3837.86', '3604.33', '3562.56', '3772.21', '3780.18', '3974.62', '4048.16'];
const BUYEXEC = ['3643.35', '3801.03', '3872.37', '3863.57', '3845.32', '3656.43', '3542.65', '3639.65', '3799.86', '3840.20', '4047.63', '4052.55'];
const SELLEXEC = ['3763.95', '3811.85', '3822.35', '3822.57', '3829.82', '3598.58', '3545.92', '3766.80', '3782.15', '3979.73', '4045.05'];
const FINAL_CASH = '6164.16';
const FINAL_VALUE = '10284.10';

function readBacktraderCsv(file: string) {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return seriesFromCandles(
    lines.map((line) => {
      const [date, open, high, low, close, volume] = line.split(',');
      return { time: Date.parse(`${date}T00:00:00Z`), open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) };
    }),
  );
}

/**
 * backtrader's CrossOver(close, SMA(period)) strategy from the test, on our Strategy interface,
 * with our CrossDetector as the CrossOver: both count a cross from the last side that was not a tie.
 */
function backtraderSmaCross(period: number): Strategy & { buyCreate: number[]; sellCreate: number[] } {
  const sma = new Sma(period);
  const cross = new CrossDetector();
  const buyCreate: number[] = [];
  const sellCreate: number[] = [];
  return {
    buyCreate,
    sellCreate,
    onCandle({ candle, position }) {
      const crossed = cross.update(candle.close, sma.update(candle.close));
      if (position === 0 && crossed === 1) {
        buyCreate.push(candle.close);
        return { type: 'enter', side: 'long' };
      }
      if (position > 0 && crossed === -1) {
        sellCreate.push(candle.close);
        return { type: 'exit' };
      }
      return null;
    },
  };
}

test("SMA cross on backtrader's 2006 daily data matches its published executions trade by trade", () => {
  const candles = readBacktraderCsv(path.join(ROOT, 'test/fixtures/cross-check/2006-day-001.txt'));
  const config = parseBacktestConfig({
    symbol: 'SAMPLE',
    timeframe: '1d',
    strategy: 'backtrader-sma-cross',
    cash: 10_000,
    fee: 0,
    slippage: 0,
    sizing: 'fixed',
    sizingValue: 1,
    lotStep: 0,
    tickSize: 0,
    minNotional: 0,
  });
  const strategy = backtraderSmaCross(15);
  const result = runBacktest(candles, config, strategy);
  const price = (x: number): string => x.toFixed(2);

  assert.deepEqual(strategy.buyCreate.map(price), BUYCREATE);
  assert.deepEqual(strategy.sellCreate.map(price), SELLCREATE);
  assert.deepEqual(result.trades.map((t) => price(t.entryPrice)), BUYEXEC);
  const closed = result.trades.filter((t) => t.exitReason === 'signal');
  assert.deepEqual(closed.map((t) => price(t.exitPrice)), SELLEXEC);

  // The last buy is still open at the end: backtrader's cash excludes it, its value marks it at the last close.
  const last = result.trades.at(-1)!;
  assert.equal(last.exitReason, 'end-of-data');
  assert.equal(price(result.metrics.endEquity - last.exitPrice), FINAL_CASH);
  assert.equal(price(result.metrics.endEquity), FINAL_VALUE);
});
