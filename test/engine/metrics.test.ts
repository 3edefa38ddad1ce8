// Metrics on a hand-made equity curve, each figure computed by hand in the comments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { computeMetrics } from '../../src/engine/index.ts';
import type { Trade } from '../../src/core/index.ts';

const DAY = 86_400_000;

function curve(values: readonly number[]): { time: Float64Array; equity: Float64Array } {
  return { time: Float64Array.from(values, (_v, i) => i * DAY), equity: Float64Array.from(values) };
}

function trade(pnl: number, returnPct: number): Trade {
  return { entryTime: 0, exitTime: DAY, side: 'long', qty: 1, entryPrice: 100, exitPrice: 100, fee: 0.1, pnl, returnPct, exitReason: 'signal' };
}

test('returns, drawdown and its duration, trade statistics', () => {
  const points = curve([1000, 1100, 990, 1045, 1210]);
  const close = Float64Array.from([10, 11, 9, 10, 12]);
  const trades = [trade(100, 10), trade(-110, -10), trade(220, 22)];
  const m = computeMetrics({ close, ...points, trades, startEquity: 1000, feesPaid: 0.3, exposedCandles: 3, timeframe: '1d', timeframeMs: DAY });
  assert.ok(Math.abs(m.totalReturnPct - 21) < 1e-9); // 1210 / 1000 - 1
  assert.ok(Math.abs(m.buyAndHoldReturnPct - 20) < 1e-9); // 12 / 10 - 1
  assert.ok(Math.abs(m.maxDrawdownPct - -10) < 1e-9); // 990 after the 1100 peak
  assert.equal(m.maxDrawdownDurationMs, 2 * DAY); // under water on days 2 and 3
  assert.ok(Math.abs(m.winRatePct - (200 / 3)) < 1e-9);
  assert.ok(Math.abs(m.profitFactor - 320 / 110) < 1e-9);
  assert.ok(Math.abs(m.expectancy - 70) < 1e-9); // (100 - 110 + 220) / 3
  assert.equal(m.tradeCount, 3);
  assert.ok(Math.abs(m.avgTradePct - 22 / 3) < 1e-9);
  assert.equal(m.bestTradePct, 22);
  assert.equal(m.worstTradePct, -10);
  assert.equal(m.exposurePct, 60);
  assert.equal(m.feesPaid, 0.3);
  // 5 days span (last candle closes at day 5): CAGR = 1.21^(365/5) - 1
  assert.ok(Math.abs(m.cagrPct - (Math.pow(1.21, 365 / 5) - 1) * 100) < 1e-6 * Math.abs(m.cagrPct));
  assert.ok(Math.abs(m.calmar - m.cagrPct / 10) < 1e-9);
});

test('Sharpe and Sortino annualise per-candle returns for the timeframe', () => {
  const points = curve([1000, 1010, 1000, 1020]);
  const close = Float64Array.from([1, 1, 1, 1]);
  const m = computeMetrics({ close, ...points, trades: [], startEquity: 1000, feesPaid: 0, exposedCandles: 0, timeframe: '1d', timeframeMs: DAY });
  // returns: 0, 0.01, -0.0099009901, 0.02
  const r = [0, 0.01, 1000 / 1010 - 1, 0.02];
  const mean = r.reduce((a, b) => a + b) / 4;
  const std = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
  const downside = Math.sqrt((1000 / 1010 - 1) ** 2 / 4);
  assert.ok(Math.abs(m.sharpe - (mean / std) * Math.sqrt(365)) < 1e-9);
  assert.ok(Math.abs(m.sortino - (mean / downside) * Math.sqrt(365)) < 1e-9);
  assert.equal(m.tradeCount, 0);
  assert.equal(m.profitFactor, 0);
});

test('no losing trade gives an infinite profit factor', () => {
  const points = curve([1000, 1100]);
  const m = computeMetrics({ close: Float64Array.from([1, 1]), ...points, trades: [trade(100, 10)], startEquity: 1000, feesPaid: 0, exposedCandles: 1, timeframe: '1d', timeframeMs: DAY });
  assert.equal(m.profitFactor, Infinity);
});

test('the curve starts at the starting cash: a loss on the first candle is a drawdown from it', () => {
  // Starting cash 1000; the first candle already ends at 950 (a fill at its close, fees, slippage).
  const points = curve([950, 980, 1010, 990]);
  const close = Float64Array.from([1, 1, 1, 1]);
  const m = computeMetrics({ close, ...points, trades: [], startEquity: 1000, feesPaid: 0, exposedCandles: 4, timeframe: '1d', timeframeMs: DAY });
  assert.ok(Math.abs(m.maxDrawdownPct - -5) < 1e-9); // 950 vs the 1000 peak before the first candle
  // Under water from the start (the first candle's open, day 0) to the close of the second candle
  // (labelled by its open, day 1, equity taken at day 2): two days. The later dip from 1010 lasts one.
  assert.equal(m.maxDrawdownDurationMs, 2 * DAY);
  // The first return is taken from the starting cash: 950 / 1000 - 1.
  const r = [-0.05, 980 / 950 - 1, 1010 / 980 - 1, 990 / 1010 - 1];
  const mean = r.reduce((a, b) => a + b) / 4;
  const std = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
  assert.ok(Math.abs(m.sharpe - (mean / std) * Math.sqrt(365)) < 1e-9);
});

test('Sortino is the textbook downside deviation to the bit, whatever the curve holds', () => {
  // The reference: the sum of squared negative returns, with a branch on each return's sign.
  function sortino(equity: Float64Array, start: number, perYear: number): number {
    let sum = 0;
    let downSq = 0;
    let prev = start;
    for (const e of equity) {
      const r = prev > 0 ? e / prev - 1 : 0;
      sum += r;
      if (r < 0) downSq += r * r;
      prev = e;
    }
    const mean = sum / equity.length;
    const downside = Math.sqrt(downSq / equity.length);
    return downside > 0 ? (mean / downside) * Math.sqrt(perYear) : mean > 0 ? Infinity : 0;
  }
  // Flat stretches (returns of exactly 0), gains, losses, and the values a broken curve could hold.
  const value = fc.oneof(fc.double({ min: 1, max: 2000, noNaN: true }), fc.constantFrom(1000, 0, Infinity, NaN, -5));
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), (values) => {
      const points = curve(values);
      const m = computeMetrics({ close: Float64Array.from(values, () => 10), ...points, trades: [], startEquity: 1000, feesPaid: 0, exposedCandles: 0, timeframe: '1d', timeframeMs: DAY });
      assert.ok(Object.is(m.sortino, sortino(points.equity, 1000, 365)), `sortino ${m.sortino} for ${values.join(', ')}`);
    }),
    { numRuns: 500, seed: 11 },
  );
});
