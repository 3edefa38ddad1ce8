// Prices inside a candle happen in an order: the open, then the range. A level resting before the
// candle fills at the open when the open gapped through it; a level armed inside the candle sees
// only the prices after its arming. Each expected number is worked out next to it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBacktest } from '../../src/backtest/index.ts';
import type { Intent } from '../../src/core/index.ts';
import { candles, EXIT, HOUR, plainConfig, scripted, T0 } from '../fixtures/backtest.ts';

const one = plainConfig({ sizing: 'fixed', sizingValue: 1 });
const oneShort = plainConfig({ sizing: 'fixed', sizingValue: 1, allowShort: true });
const longProtected: Intent = { type: 'enter', side: 'long', stopLossPct: 5, takeProfitPct: 5 };
const shortProtected: Intent = { type: 'enter', side: 'short', stopLossPct: 5, takeProfitPct: 5 };

function exits(result: ReturnType<typeof runBacktest>): [string, number, number][] {
  return result.trades.map((t) => [t.exitReason, t.exitPrice, (t.exitTime - T0) / HOUR]);
}

describe('order of prices inside a candle', () => {
  test('a long target the open gapped through fills at the open even when the range then reaches the stop', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 101, 99.5, 100.5], // entry at 100: stop 95, target 105
      [107, 108, 94, 100], // opens above the target, then trades through the stop
    ]);
    assert.deepEqual(exits(runBacktest(data, one, scripted({ 0: longProtected }))), [['take-profit', 107, 2]]);
  });

  test('a short stop and a short target the open gapped through fill at the open', () => {
    // Short at 100: stop 105, target 95.
    const stopGap = candles([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [108, 109, 90, 95], // opens above the stop; the range also reaches the target
    ]);
    assert.deepEqual(exits(runBacktest(stopGap, oneShort, scripted({ 0: shortProtected }))), [['stop-loss', 108, 2]]);
    const targetGap = candles([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [93, 110, 92, 100], // opens below the target; the range also reaches the stop
    ]);
    assert.deepEqual(exits(runBacktest(targetGap, oneShort, scripted({ 0: shortProtected }))), [['take-profit', 93, 2]]);
  });

  test('with the open inside both levels, the range decides and the stop is assumed first', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [101, 106, 94, 100],
    ]);
    assert.deepEqual(exits(runBacktest(data, one, scripted({ 0: longProtected }))), [['stop-loss', 95, 2]]);
  });

  test('a resting target the open gapped through fills before a pending exit at the same open', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 101, 99, 100],
      [107, 108, 106, 107],
    ]);
    // The exit decided at candle 2's close finds the position already gone at candle 3's open.
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1, slippage: 0.01 }), scripted({ 0: longProtected, 2: EXIT }));
    // entry 100 × 1.01 = 101 (market), target 101 × 1.05 = 106.05; the limit-priced target fills at the open 107 without slippage.
    assert.deepEqual(exits(result), [['take-profit', 107, 3]]);
  });

  test('the target of a limit entry filled inside the candle never fills at the earlier open', () => {
    // Buy limit 100 with a 5% target (105). The candle opens at 106, falls to 99 (the limit fills
    // at 100), and its high 106 can come after the fill: the target fills at 105, not at the open 106.
    const data = candles([
      [110, 110, 110, 110],
      [106, 106, 99, 101],
      [101, 101, 101, 101],
    ]);
    const entry: Intent = { type: 'enter', side: 'long', limitPrice: 100, stopLossPct: 5, takeProfitPct: 5 };
    const result = runBacktest(data, one, scripted({ 0: entry }));
    assert.deepEqual(result.trades.map((t) => [t.entryPrice, t.exitReason, t.exitPrice]), [[100, 'take-profit', 105]]);
  });

  test('a stop re-armed by a limit add fills at the arming price, not at the earlier open', () => {
    // Long 1 at 120, no stop. A buy-limit add of 1 at 100 with a 5% stop fills inside a candle that opens at 102;
    // the average entry 110 re-arms the stop at 104.5, above the fill price: it triggers at once, at
    // 100, the first price after its arming; the open 102 came before it.
    const data = candles([
      [120, 120, 120, 120],
      [120, 120, 120, 120], // entry at 120
      [120, 120, 120, 120],
      [102, 103, 99, 101], // the add fills at 100
      [101, 101, 101, 101],
    ]);
    const add: Intent = { type: 'enter', side: 'long', limitPrice: 100, stopLossPct: 5 };
    const result = runBacktest(data, one, scripted({ 0: { type: 'enter', side: 'long' }, 2: add }));
    assert.deepEqual(
      result.trades.map((t) => [t.entryPrice, t.exitReason, t.exitPrice, (t.exitTime - T0) / HOUR]),
      [
        [120, 'stop-loss', 100, 3],
        [100, 'stop-loss', 100, 3],
      ],
    );
  });

  test('the target of a short opened by a reversing limit fill watches from the limit, not from the open', () => {
    // Long 1 at 100; a sell limit at 110 reverses into a short inside the candle that opens at 104:
    // the short's target (104.5) is below the open, which came before the fill, so it fills at
    // 104.5 when the range comes back down, not at the open 104.
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100], // long at 100
      [100, 100, 100, 100],
      [104, 111, 103, 105],
      [105, 105, 105, 105],
    ]);
    const reverse: Intent = { type: 'enter', side: 'short', limitPrice: 110, stopLossPct: 5, takeProfitPct: 5 };
    const result = runBacktest(data, oneShort, scripted({ 0: { type: 'enter', side: 'long' }, 2: reverse }));
    assert.deepEqual(
      result.trades.map((t) => [t.side, t.entryPrice, t.exitReason, t.exitPrice]),
      [
        ['long', 100, 'reverse', 110],
        ['short', 110, 'take-profit', 104.5],
      ],
    );
  });

  test('protection armed at the close (--fill close) waits for the next candle', () => {
    // Entry at candle 1's close 100; candle 1 had traded down to 90 before that close.
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 90, 100],
      [100, 101, 99, 100],
      [100, 100, 94, 95],
    ]);
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1, fill: 'close' }), scripted({ 1: longProtected }));
    assert.deepEqual(exits(result), [['stop-loss', 95, 3]]);
  });

  test('a partial exit leaves the resting levels watching from the open', () => {
    // Long 2 at 100 (target 105); a sell limit for half at 103 fills inside the candle; the rest
    // still has its target from before the candle, reached by the same candle's high 106.
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [101, 106, 100, 104],
    ]);
    const entry: Intent = { type: 'enter', side: 'long', takeProfitPct: 5 };
    const half: Intent = { type: 'exit', fraction: 0.5, limitPrice: 103 };
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 2 }), scripted({ 0: entry, 2: half }));
    assert.deepEqual(
      result.trades.map((t) => [t.qty, t.exitReason, t.exitPrice]),
      [
        [1, 'signal', 103],
        [1, 'take-profit', 105],
      ],
    );
  });
});
