// Intents are checked where they leave the strategy: each malformed field stops the run with one
// line naming the strategy, the candle and the field; and a spot run never holds a short.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBacktest } from '../../src/backtest/index.ts';
import { Portfolio, SimulatedVenue } from '../../src/engine/index.ts';
import { checkIntent, InputError, InvalidIntent, InvariantError } from '../../src/core/index.ts';
import type { Intent } from '../../src/core/index.ts';
import type { Strategy } from '../../src/strategies/index.ts';
import { candles, plainConfig, scripted, SHORT, T0, HOUR } from '../fixtures/backtest.ts';

const series = candles([100, 102, 104, 103, 101, 99, 98, 100].map((c) => [c, c + 1, c - 1, c] as const));

/** A strategy returning `value` (whatever it is) after candle 2. */
function returning(value: unknown): Strategy {
  return { onCandle: (ctx) => (ctx.index === 2 ? (value as Intent) : null) };
}

const BAD_INTENTS: readonly (readonly [string, unknown, string])[] = [
  ['a string', 'enter', "expected an intent object or null, got 'enter'"],
  ['undefined (a forgotten return)', undefined, 'expected an intent object or null, got undefined'],
  ['an array', [{ type: 'exit' }], 'expected an intent object or null, got an array'],
  ['an unknown type', { type: 'buy' }, "field 'type': 'buy' is not 'enter' or 'exit'"],
  ['side buy', { type: 'enter', side: 'buy' }, "field 'side': 'buy' is not 'long' or 'short'"],
  ['no side', { type: 'enter' }, "field 'side': undefined is not 'long' or 'short'"],
  ['an unknown field', { type: 'enter', side: 'long', stopLoss: 2 }, "field 'stopLoss': unknown field in an 'enter' intent (allowed: type, side, fraction, limitPrice, stopLossPct, takeProfitPct)"],
  ['a side on an exit', { type: 'exit', side: 'long' }, "field 'side': unknown field in an 'exit' intent (allowed: type, fraction, limitPrice)"],
  ['fraction 0', { type: 'enter', side: 'long', fraction: 0 }, "field 'fraction': 0 is not a number in (0, 1]"],
  ['fraction 1.5', { type: 'exit', fraction: 1.5 }, "field 'fraction': 1.5 is not a number in (0, 1]"],
  ['fraction NaN', { type: 'enter', side: 'long', fraction: Number.NaN }, "field 'fraction': NaN is not a number in (0, 1]"],
  ['fraction as text', { type: 'enter', side: 'long', fraction: '0.5' }, "field 'fraction': '0.5' is not a number in (0, 1]"],
  ['a negative stopLossPct', { type: 'enter', side: 'long', stopLossPct: -2 }, "field 'stopLossPct': -2 is not a finite percentage >= 0"],
  ['an infinite takeProfitPct', { type: 'enter', side: 'long', takeProfitPct: Infinity }, "field 'takeProfitPct': Infinity is not a finite percentage >= 0"],
  ['a NaN stopLossPct', { type: 'enter', side: 'long', stopLossPct: Number.NaN }, "field 'stopLossPct': NaN is not a finite percentage >= 0"],
  ['a negative limitPrice', { type: 'enter', side: 'long', limitPrice: -100 }, "field 'limitPrice': -100 is not a finite price > 0"],
  ['a zero limitPrice', { type: 'exit', limitPrice: 0 }, "field 'limitPrice': 0 is not a finite price > 0"],
  ['an infinite limitPrice', { type: 'exit', limitPrice: Infinity }, "field 'limitPrice': Infinity is not a finite price > 0"],
];

describe('intents leaving a strategy', () => {
  for (const [what, value, problem] of BAD_INTENTS) {
    test(`${what} stops the run naming the strategy, the candle and the field`, () => {
      assert.throws(
        () => runBacktest(series, plainConfig({ strategy: 'my-strategy' }), returning(value)),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.message, `strategy 'my-strategy' returned a bad intent at candle ${new Date(T0 + 2 * HOUR).toISOString()}: ${problem}`);
          return true;
        },
      );
    });
  }

  test('valid intents pass, optional fields set to undefined count as absent', () => {
    const valid: unknown[] = [
      { type: 'enter', side: 'long' },
      { type: 'enter', side: 'short', fraction: 1, limitPrice: 99.5, stopLossPct: 0, takeProfitPct: 3 },
      { type: 'exit' },
      { type: 'exit', fraction: 0.25, limitPrice: 101 },
      { type: 'enter', side: 'long', stopLossPct: undefined },
    ];
    for (const intent of valid) assert.doesNotThrow(() => checkIntent(intent), JSON.stringify(intent));
    assert.throws(() => checkIntent(null), InvalidIntent); // null means "no intent" to the engine, never to the check
  });

  test('a short intent on spot (no --allow-short) is refused with a reason; the position never goes below 0', () => {
    let lowest = 0;
    const result = runBacktest(series, plainConfig(), scripted({ 1: SHORT, 4: SHORT }), { observe: (_i, _cash, position) => (lowest = Math.min(lowest, position)) });
    assert.equal(lowest, 0);
    assert.equal(result.trades.length, 0);
    assert.equal(result.rejections.length, 2);
    assert.match(result.rejections[0]!.reason, /short selling is not allowed on spot/);
  });

  test('the same short intent opens a short with --allow-short', () => {
    const result = runBacktest(series, plainConfig({ allowShort: true }), scripted({ 1: SHORT }));
    assert.equal(result.trades[0]?.side, 'short');
  });

  test('the simulated venue of a spot run refuses a short entry whatever path it came by', () => {
    const portfolio = new Portfolio(1000);
    const venue = new SimulatedVenue(plainConfig(), portfolio);
    venue.listen({ onFill: (fill) => portfolio.apply(fill), onRejected() {}, onCanceled() {} });
    venue.submit({ id: 1, side: 'sell', type: 'market', role: 'entry', quantity: { kind: 'size', fraction: 1 }, protection: { stopLossPct: 0, takeProfitPct: 0 } });
    assert.throws(() => venue.onCandle({ time: T0, open: 100, high: 101, low: 99, close: 100, volume: 1 }), InvariantError);
    assert.equal(portfolio.position, 0);
  });
});
