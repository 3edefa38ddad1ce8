// The live rules inside a run: set in a backtest config, they judge the kernel's orders at the
// quantity the venue's sizing gives at the last close, and the kernel feeds them the candles
// (ATR, equity path). A kernel whose risk engine sizes orders must be told how the venue sizes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBacktest } from '../../src/backtest/index.ts';
import { InvariantError } from '../../src/core/index.ts';
import { Portfolio, SimulatedVenue, TradingKernel } from '../../src/engine/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import { candles, EXIT, LONG, plainConfig, scripted } from '../fixtures/backtest.ts';

const FLAT = candles(Array.from({ length: 6 }, () => [100, 100, 100, 100] as const));

test('POSITION_LIMIT in a backtest: all-in (1,000 at 100 = 10 units) is above 50% of equity; quote 500 is exactly at it', () => {
  const allIn = runBacktest(FLAT, plainConfig({ maxPositionPct: 50 }), scripted({ 0: LONG }));
  assert.equal(allIn.trades.length, 0);
  assert.deepEqual(allIn.rejections.map((r) => r.reason), ['position after the order 1000 above 50% of equity (500)']);
  const half = runBacktest(FLAT, plainConfig({ maxPositionPct: 50, sizing: 'quote', sizingValue: 500 }), scripted({ 0: LONG }));
  assert.equal(half.trades.length, 1);
  assert.equal(half.trades[0]!.qty, 5);
});

test('the kernel feeds the volatility filter: ATR(2)/price of 4% refuses an entry under a 3% bound, a calmer candle lets it through', () => {
  // True ranges 4, 4 → ATR 4 at candle 2 (4%); then 1 → (4 + 1) / 2 = 2.5 at candle 3 (2.5%).
  const series = candles([
    [100, 102, 98, 100],
    [100, 102, 98, 100],
    [100, 102, 98, 100],
    [100, 100.5, 99.5, 100],
    [100, 100.5, 99.5, 100],
    [100, 100, 100, 100],
  ]);
  const result = runBacktest(series, plainConfig({ maxAtrPct: 3, atrPeriod: 2 }), scripted({ 2: LONG, 3: LONG }));
  assert.deepEqual(result.rejections.map((r) => r.reason), ['ATR/price 4% above the limit 3%']);
  assert.equal(result.trades.length, 1);
  assert.equal(result.trades[0]!.entryTime, series.time[4]);
});

test('the drawdown pause in a backtest holds entries after a 10% fall, while the exit still closes the position', () => {
  // Long 10 at 100; the price falls to 89 (equity 890, 11% below 1,000): the exit passes, the re-entry is paused.
  const series = candles([
    [100, 100, 100, 100],
    [100, 100, 100, 100],
    [100, 100, 89, 89],
    [89, 89, 89, 89],
    [89, 89, 89, 89],
  ]);
  const result = runBacktest(series, plainConfig({ maxDrawdownPct: 10 }), scripted({ 0: LONG, 2: EXIT, 3: LONG }));
  assert.equal(result.trades.length, 1);
  assert.equal(result.trades[0]!.exitReason, 'signal');
  assert.deepEqual(result.rejections.map((r) => r.reason), ['drawdown 11% from the equity peak 1000 reached the limit 10%: paused until resumed']);
});

test('a kernel whose risk engine judges sizes refuses to start without the venue\'s sizing', () => {
  const config = plainConfig();
  const portfolio = new Portfolio(config.cash);
  const parts = { strategy: scripted({}), venue: new SimulatedVenue(config, portfolio), portfolio, tickSize: 0, allowShort: false };
  assert.throws(() => new TradingKernel({ ...parts, risk: new RiskEngine({ allowShort: false, maxTradesPerDay: Infinity, maxOrderPct: 25 }) }), InvariantError);
  assert.doesNotThrow(() => new TradingKernel({ ...parts, risk: new RiskEngine({ allowShort: false, maxTradesPerDay: Infinity, maxOrderPct: 25 }), orderSizing: config }));
});
