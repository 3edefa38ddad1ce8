// Risk settings in the backtest config reach the engine: a stop-loss and take-profit on every
// entry (the tighter of the strategy's and the config's) and a limit on entries per UTC day.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBacktest } from '../../src/backtest/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import { candles, EXIT, LONG, plainConfig, scripted } from '../fixtures/backtest.ts';

// Long at the open of candle 1 (100); candle 2 trades down to 97, candle 3 up to 106.
const PATH = candles([
  [100, 100, 100, 100],
  [100, 100, 100, 100],
  [100, 101, 97, 99],
  [99, 106, 99, 105],
  [105, 105, 105, 105],
]);

test('the config stop-loss closes an entry that carries none, at the stop price', () => {
  const result = runBacktest(PATH, plainConfig({ stopLossPct: 2 }), scripted({ 0: LONG }));
  assert.equal(result.trades.length, 1);
  assert.equal(result.trades[0]!.exitReason, 'stop-loss');
  assert.equal(result.trades[0]!.exitPrice, 98);
  assert.equal(result.metrics.endEquity, 980);
});

test('the config take-profit closes an entry at the target; without risk settings the position runs to the end', () => {
  const target = runBacktest(PATH, plainConfig({ takeProfitPct: 4 }), scripted({ 0: LONG }));
  assert.equal(target.trades[0]!.exitReason, 'take-profit');
  assert.equal(target.trades[0]!.exitPrice, 104);
  const none = runBacktest(PATH, plainConfig(), scripted({ 0: LONG }));
  assert.equal(none.trades[0]!.exitReason, 'end-of-data');
  assert.equal(none.trades[0]!.exitPrice, 105);
});

test('the tighter of the strategy\'s stop and the config\'s holds', () => {
  const wide = runBacktest(PATH, plainConfig({ stopLossPct: 2 }), scripted({ 0: { type: 'enter', side: 'long', stopLossPct: 10 } }));
  assert.equal(wide.trades[0]!.exitPrice, 98);
  const tight = runBacktest(PATH, plainConfig({ stopLossPct: 5 }), scripted({ 0: { type: 'enter', side: 'long', stopLossPct: 1 } }));
  assert.equal(tight.trades[0]!.exitPrice, 99);
});

test('max trades per day refuses entries past the limit within a UTC day, and counts again the next day', () => {
  // 30 hourly candles: enter and exit every other candle (15 entries asked, 14 on day one).
  const flat = candles(Array.from({ length: 30 }, () => [100, 100, 100, 100] as const));
  const script = Object.fromEntries(Array.from({ length: 30 }, (_v, i) => [i, i % 2 === 0 ? LONG : EXIT]));
  const unlimited = runBacktest(flat, plainConfig(), scripted(script));
  const limited = runBacktest(flat, plainConfig({ maxTradesPerDay: 3 }), scripted(script));
  assert.equal(unlimited.trades.length, 15);
  // Day one (candles 0-23): 3 entries; day two (24-29): 3 more.
  assert.equal(limited.trades.length, 6);
  assert.ok(limited.rejections.some((r) => /max trades per day \(3\) reached/.test(r.reason)));
});

test('the risk engine leaves exits unprotected and adds nothing when no limit is set', () => {
  const risk = new RiskEngine({ allowShort: false, maxTradesPerDay: Infinity });
  assert.deepEqual(risk.protection({ type: 'exit' }), { stopLossPct: 0, takeProfitPct: 0 });
  assert.deepEqual(risk.protection({ type: 'enter', side: 'long', takeProfitPct: 3 }), { stopLossPct: 0, takeProfitPct: 3 });
});
