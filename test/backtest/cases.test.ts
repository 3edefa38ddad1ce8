// Cases with known right answers (computed by hand, never from rampart), run end to end through
// `rampart backtest --data FILE --json`. Inputs and strategy files are in test/fixtures/cases.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

const CASES = path.join(ROOT, 'test/fixtures/cases');
const db = path.join(tempDir(), 'rampart.db');

interface JsonReport {
  metrics: { endEquity: number; maxDrawdownPct: number; maxDrawdownDurationMs: number; tradeCount: number };
  trades: { entryTime: number; exitTime: number; entryPrice: number; exitPrice: number; returnPct: number; exitReason: string }[];
  equity: { time: number; equity: number; drawdownPct: number }[];
}

function backtest(file: string, args: readonly string[]): JsonReport {
  const run = rampart(['backtest', '--data', path.join(CASES, file), '--json', '--db', db, ...args]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as JsonReport;
}

const scripted = path.join(CASES, 'scripted.mjs');

describe('cases with known right answers', () => {
  test('a take-profit the open gapped through fills at the open, before the range trades through the stop', () => {
    // Long at 100 (stop 95, target 105); the third candle opens at 107, then trades down to 94.
    const report = backtest('gap-through-take-profit-1h.csv', ['--timeframe', '1h', '--strategy', scripted, '--enterAt', '0', '--stopLoss', '5', '--takeProfit', '5', '--fee', '0']);
    assert.equal(report.trades.length, 1);
    assert.equal(report.trades[0]!.exitReason, 'take-profit');
    assert.equal(report.trades[0]!.exitPrice, 107);
    assert.ok(Math.abs(report.metrics.endEquity - 10_700) < 1e-6);
  });

  test('drawdown is measured from the starting cash', () => {
    // All-in at the first close 100 with 0.2% slippage and 0.1% fee: qty = 10000 / (100.2 × 1.001);
    // at the next close 95 the equity is 9,471.57: 5.2843% below the starting cash, the peak.
    const report = backtest('drawdown-from-start-cash-1d.csv', ['--timeframe', '1d', '--strategy', scripted, '--enterAt', '0', '--fill', 'close', '--fee', '0.001', '--slippage', '0.002']);
    const trough = (10_000 * 95) / (100.2 * 1.001);
    assert.ok(Math.abs(trough - 9471.57) < 0.005);
    assert.ok(Math.abs(report.metrics.maxDrawdownPct - (trough / 10_000 - 1) * 100) < 1e-9);
    assert.ok(Math.abs(report.metrics.maxDrawdownPct - -5.2843) < 5e-5);
    // The curve's first point is already below the starting cash, and says so.
    assert.ok(report.equity[0]!.equity < 10_000);
    assert.ok(Math.abs(report.equity[0]!.drawdownPct - (report.equity[0]!.equity / 10_000 - 1) * 100) < 1e-9);
    assert.ok(Math.abs(Math.min(...report.equity.map((p) => p.drawdownPct)) - report.metrics.maxDrawdownPct) < 1e-9);
  });

  test('a cross through an exact tie is a cross: sma-cross 1/2 trades once, +10%', () => {
    // close − SMA(2) of the closes: … −0.5 (05-04), 0 (05-05, a tie), +0.5 (05-06): crossed up at
    // the 05-06 close, filled at the 05-07 open 10; down at the 05-09 close, out at the 05-10 open 11.
    const report = backtest('cross-through-exact-tie-1d.csv', ['--timeframe', '1d', '--strategy', 'sma-cross', '--fast', '1', '--slow', '2', '--fee', '0']);
    assert.deepEqual(
      report.trades.map((t) => [new Date(t.entryTime).toISOString().slice(0, 10), t.entryPrice, new Date(t.exitTime).toISOString().slice(0, 10), t.exitPrice]),
      [['2024-05-07', 10, '2024-05-10', 11]],
    );
    assert.ok(Math.abs(report.trades[0]!.returnPct - 10) < 1e-9);
  });

  test('decisions do not depend on the price scale: RSI reversion trades alike on PEPE near 1e-5 and × 1e5', () => {
    const args = ['--timeframe', '15m', '--strategy', path.join(CASES, 'rsi-revert.ts'), '--period', '14', '--low', '40', '--high', '60', '--fee', '0'];
    const tiny = backtest('PEPEUSDT-15m-tiny-prices.csv', args);
    const scaled = backtest('PEPEX-15m-same-candles-x1e5.csv', args);
    const key = (report: JsonReport): number[][] => report.trades.map((t) => [t.entryTime, t.exitTime]);
    assert.ok(tiny.trades.length > 0);
    assert.deepEqual(key(tiny), key(scaled));
    assert.deepEqual(
      tiny.trades.map((t) => t.exitReason),
      scaled.trades.map((t) => t.exitReason),
    );
    assert.ok(Math.abs(tiny.metrics.endEquity - scaled.metrics.endEquity) <= 1e-6 * scaled.metrics.endEquity);
  });
});
