// Hand-computed fixtures for the fill model (docs/architecture.md, "Fill model"). Each expected number is
// worked out in the comment next to it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBacktest } from '../../src/backtest/index.ts';
import { candles, EXIT, LONG, plainConfig, scripted, SHORT, T0, HOUR } from '../fixtures/backtest.ts';

describe('fill model', () => {
  test('a market decision at a close fills at the next candle open', () => {
    const data = candles([
      [100, 101, 99, 100],
      [102, 110, 101, 108],
      [108, 112, 107, 110],
      [111, 112, 109, 110],
    ]);
    const result = runBacktest(data, plainConfig(), scripted({ 0: LONG, 2: EXIT }));
    assert.equal(result.trades.length, 1);
    const trade = result.trades[0]!;
    // cash 1000 all-in at the open of candle 1 (102): qty 1000/102; exit at the open of candle 3 (111).
    assert.equal(trade.entryTime, T0 + HOUR);
    assert.equal(trade.entryPrice, 102);
    assert.equal(trade.exitTime, T0 + 3 * HOUR);
    assert.equal(trade.exitPrice, 111);
    assert.ok(Math.abs(trade.qty - 1000 / 102) < 1e-12);
    assert.ok(Math.abs(result.metrics.endEquity - (1000 / 102) * 111) < 1e-9);
  });

  test('--fill close fills at the decision candle close', () => {
    const data = candles([
      [100, 101, 99, 100],
      [102, 110, 101, 108],
      [108, 112, 107, 110],
    ]);
    const result = runBacktest(data, plainConfig({ fill: 'close' }), scripted({ 0: LONG, 1: EXIT }));
    assert.deepEqual(
      result.trades.map((t) => [t.entryPrice, t.exitPrice]),
      [[100, 108]],
    );
  });

  test('a limit buy fills at the limit when the candle trades through it, at the open when it gaps through', () => {
    const data = candles([
      [100, 101, 99, 100],
      [100, 101, 96, 97], // low 96 > 95: no fill, stays pending
      [97, 98, 94, 95], // trades through 95: fills at 95
      [95, 96, 94, 95],
    ]);
    const touched = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1 }), scripted({ 0: { type: 'enter', side: 'long', limitPrice: 95 } }));
    assert.equal(touched.trades[0]!.entryPrice, 95);
    assert.equal(touched.trades[0]!.entryTime, T0 + 2 * HOUR);

    const gapped = candles([
      [100, 101, 99, 100],
      [90, 92, 89, 91], // opens at 90, below the 95 limit: the gap gives the better price
      [91, 92, 90, 91],
    ]);
    const result = runBacktest(gapped, plainConfig({ sizing: 'fixed', sizingValue: 1 }), scripted({ 0: { type: 'enter', side: 'long', limitPrice: 95 } }));
    assert.equal(result.trades[0]!.entryPrice, 90);
  });

  test('a stop and a target in one candle fill the stop', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 101, 99, 100], // entry at 100: stop 95, target 110
      [100, 111, 94, 100], // both 95 and 110 are inside this candle's range
      [100, 100, 100, 100],
    ]);
    const intent = { type: 'enter', side: 'long', stopLossPct: 5, takeProfitPct: 10 } as const;
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1 }), scripted({ 0: intent }));
    assert.equal(result.trades.length, 1);
    assert.equal(result.trades[0]!.exitReason, 'stop-loss');
    assert.equal(result.trades[0]!.exitPrice, 95);
    assert.equal(result.trades[0]!.exitTime, T0 + 2 * HOUR);
  });

  test('a target alone fills at the target; a stop gapped through fills at the open', () => {
    const intent = { type: 'enter', side: 'long', stopLossPct: 5, takeProfitPct: 10 } as const;
    const target = candles([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [101, 112, 100, 111], // high 112 >= 110
    ]);
    const hit = runBacktest(target, plainConfig({ sizing: 'fixed', sizingValue: 1 }), scripted({ 0: intent }));
    assert.deepEqual([hit.trades[0]!.exitReason, hit.trades[0]!.exitPrice], ['take-profit', 110]);

    const gap = candles([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [90, 91, 88, 89], // opens at 90, below the 95 stop
    ]);
    const stopped = runBacktest(gap, plainConfig({ sizing: 'fixed', sizingValue: 1 }), scripted({ 0: intent }));
    assert.deepEqual([stopped.trades[0]!.exitReason, stopped.trades[0]!.exitPrice], ['stop-loss', 90]);
  });

  test('an order below min notional is refused like the exchange refuses it', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
    ]);
    // 0.04 units at 100 = 4 quote < 5 min notional.
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 0.04, minNotional: 5 }), scripted({ 0: LONG }));
    assert.equal(result.trades.length, 0);
    assert.equal(result.rejections.length, 1);
    assert.match(result.rejections[0]!.reason, /notional 4 below min notional 5/);
    assert.equal(result.metrics.endEquity, 1000);
  });

  test('all-in quantities round down to the lot step so cost plus fee fits the cash', () => {
    const data = candles([
      [300, 300, 300, 300],
      [300, 300, 300, 300],
      [300, 300, 300, 300],
    ]);
    // 1000 / (300 * 1.001) = 3.33 → 3 whole units; cost 900 + fee 0.9.
    const result = runBacktest(data, plainConfig({ fee: 0.001, lotStep: 1 }), scripted({ 0: LONG }));
    const trade = result.trades[0]!;
    assert.equal(trade.qty, 3);
    // exit at end of data at 300: fee 0.9 again; equity 1000 - 1.8.
    assert.ok(Math.abs(result.metrics.endEquity - 998.2) < 1e-9);
  });

  test('fees are charged on both sides', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [110, 110, 110, 110],
      [110, 110, 110, 110],
    ]);
    const result = runBacktest(data, plainConfig({ cash: 10_000, fee: 0.001, sizing: 'fixed', sizingValue: 1 }), scripted({ 0: LONG, 1: EXIT }));
    const trade = result.trades[0]!;
    // entry fee 100 * 0.001 = 0.1; exit fee 110 * 0.001 = 0.11; pnl = 10 - 0.21.
    assert.ok(Math.abs(trade.fee - 0.21) < 1e-12);
    assert.ok(Math.abs(trade.pnl - 9.79) < 1e-12);
    assert.ok(Math.abs(result.metrics.feesPaid - 0.21) < 1e-12);
    assert.ok(Math.abs(result.metrics.endEquity - 10_009.79) < 1e-9);
  });

  test('a position open at the end of data is closed at the last close, fee included', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [120, 125, 118, 121],
    ]);
    const result = runBacktest(data, plainConfig({ fee: 0.001, sizing: 'fixed', sizingValue: 2 }), scripted({ 0: LONG }));
    const trade = result.trades[0]!;
    assert.equal(trade.exitReason, 'end-of-data');
    assert.equal(trade.exitPrice, 121);
    // pnl = 2 * 21 - (0.2 + 0.242) = 41.558
    assert.ok(Math.abs(trade.pnl - 41.558) < 1e-9);
    assert.ok(Math.abs(result.metrics.endEquity - 1041.558) < 1e-9);
  });

  test('slippage moves every market fill against the trader', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
    ]);
    const result = runBacktest(data, plainConfig({ slippage: 0.01, sizing: 'fixed', sizingValue: 1 }), scripted({ 0: LONG, 1: EXIT }));
    assert.deepEqual(
      result.trades.map((t) => [t.entryPrice, t.exitPrice]),
      [[101, 99]],
    );
  });

  test('spot refuses a short; --allow-short reverses at one fill with a negative qty', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [110, 110, 110, 110],
      [100, 100, 100, 100],
    ]);
    const spot = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1 }), scripted({ 0: LONG, 1: SHORT }));
    assert.equal(spot.rejections.length, 1);
    assert.match(spot.rejections[0]!.reason, /short selling is not allowed/);

    const margin = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1, allowShort: true }), scripted({ 0: LONG, 1: SHORT }));
    assert.deepEqual(
      margin.trades.map((t) => [t.side, t.qty, t.entryPrice, t.exitPrice, t.exitReason]),
      [
        ['long', 1, 100, 110, 'reverse'],
        ['short', -1, 110, 100, 'end-of-data'],
      ],
    );
    // +10 on the long, +10 on the short.
    assert.equal(margin.metrics.endEquity, 1020);
  });

  test('the strategy sees the position only after the fill', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
    ]);
    const strategy = scripted({ 0: LONG });
    runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1 }), strategy);
    assert.deepEqual(
      strategy.seen.map((s) => s.position),
      [0, 1, 1],
    );
  });

  test('quote sizing buys a quote amount; percent sizing a share of equity', () => {
    const data = candles([
      [100, 100, 100, 100],
      [200, 200, 200, 200],
      [200, 200, 200, 200],
    ]);
    const quote = runBacktest(data, plainConfig({ sizing: 'quote', sizingValue: 500 }), scripted({ 0: LONG }));
    assert.equal(quote.trades[0]!.qty, 2.5); // 500 / 200
    // equity 1000 at the fill: 25% = 250 quote = 1.25 units at 200, rounded down to 0.1 → 1.2
    const percent = runBacktest(data, plainConfig({ sizing: 'percent', sizingValue: 25, lotStep: 0.1 }), scripted({ 0: LONG }));
    assert.equal(percent.trades[0]!.qty, 1.2);
  });

  test('an order larger than the free cash is refused, not shrunk', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
    ]);
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 11 }), scripted({ 0: LONG }));
    assert.equal(result.trades.length, 0);
    assert.match(result.rejections[0]!.reason, /insufficient funds: cost 1100 > free cash 1000/);
  });

  test('exit fractions sell part of the position, oldest lot first', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [110, 110, 110, 110],
      [120, 120, 120, 120],
      [120, 120, 120, 120],
    ]);
    const half = { type: 'enter', side: 'long', fraction: 0.5 } as const;
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 2 }), scripted({ 0: half, 1: half, 2: { type: 'exit', fraction: 0.5 } }));
    assert.deepEqual(
      result.trades.map((t) => [t.qty, t.entryPrice, t.exitPrice, t.exitReason]),
      [
        [1, 100, 120, 'signal'],
        [1, 110, 120, 'end-of-data'],
      ],
    );
  });

  test('limit prices round to the market tick', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 95.3, 96],
      [96, 96, 96, 96],
    ]);
    // 95.26 on a 0.5 tick is 95.5; the candle trades down to 95.3, so it fills at 95.5
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1, tickSize: 0.5 }), scripted({ 0: { type: 'enter', side: 'long', limitPrice: 95.26 } }));
    assert.equal(result.trades[0]!.entryPrice, 95.5);
  });

  test('warm-up candles feed the strategy but never trade and stay out of the equity curve', () => {
    const data = candles([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [110, 110, 110, 110],
      [120, 120, 120, 120],
    ]);
    const strategy = scripted({ 0: LONG, 2: LONG });
    const result = runBacktest(data, plainConfig({ sizing: 'fixed', sizingValue: 1 }), strategy, { warmup: 2 });
    assert.deepEqual(strategy.seen.map((s) => s.index), [0, 1, 2, 3, 4]);
    // the intent after candle 0 was dropped; the one after candle 2 fills at candle 3's open
    assert.deepEqual(result.trades.map((t) => [t.entryTime, t.entryPrice]), [[T0 + 3 * HOUR, 110]]);
    assert.equal(result.equity.length, 3);
    assert.equal(result.equity.time[0], T0 + 2 * HOUR);
    assert.equal(result.metrics.startTime, T0 + 2 * HOUR);
  });
});
