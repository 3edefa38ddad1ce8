// forEachMacd (MACD from memoised fast − slow lines) gives what the streaming Macd holds after each
// close, bit for bit, whether the lines are computed afresh or served from the memo.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { InputError } from '../../src/core/index.ts';
import { forEachMacd, Macd, macdLines } from '../../src/indicators/index.ts';
import { readSharedCsv } from '../fixtures/read-csv.ts';

function streamed(close: Float64Array, fast: number, slow: number, signal: number): number[][] {
  const m = new Macd(fast, slow, signal);
  return Array.from(close, (x) => {
    m.update(x);
    return [m.value, m.signal];
  });
}

function replayed(close: Float64Array, fast: number, slow: number, signal: number): number[][] {
  const out: number[][] = [];
  forEachMacd(close, fast, slow, signal, (i, line, signalLine) => {
    assert.equal(i, out.length);
    out.push([line, signalLine]);
  });
  return out;
}

function assertSame(actual: number[][], expected: number[][]): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    for (let k = 0; k < 2; k++) assert.ok(Object.is(actual[i]![k], expected[i]![k]), `candle ${i} output ${k}: ${actual[i]![k]} vs ${expected[i]![k]}`);
  }
}

const closes = readSharedCsv('ETHUSDT-1h.csv', 1500).close;

describe('forEachMacd', () => {
  test('equals the streaming Macd on real closes, first computed and then from the memo', () => {
    for (const [fast, slow, signal] of [[12, 26, 9], [3, 5, 3], [7, 7, 2], [26, 12, 9], [1, 2, 1]] as const) {
      const expected = streamed(closes, fast, slow, signal);
      assertSame(replayed(closes, fast, slow, signal), expected);
      assertSame(replayed(closes, fast, slow, signal), expected);
    }
  });

  test('a line is shared between signal periods and between views of the same memory', () => {
    const first = macdLines(closes, 10, 30);
    assert.equal(macdLines(closes.subarray(0), 10, 30), first);
    const window = closes.subarray(200, 900);
    assert.notEqual(macdLines(window, 10, 30), first);
    for (const signal of [3, 9, 15]) assertSame(replayed(window, 10, 30, signal), streamed(window, 10, 30, signal));
  });

  test('equals the streaming Macd on any closes, NaN and infinities included', () => {
    const value = fc.oneof({ weight: 20, arbitrary: fc.double({ min: 1, max: 1e6, noNaN: true }) }, fc.constant(NaN), fc.constant(Infinity), fc.constant(-Infinity));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 80 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), (values, fast, slow, signal) => {
        const close = Float64Array.from(values);
        assertSame(replayed(close, fast, slow, signal), streamed(close, fast, slow, signal));
        assertSame(replayed(close, fast, slow, signal), streamed(close, fast, slow, signal));
      }),
    );
  });

  test('a column rewritten in place is computed afresh, not served from the memo', () => {
    const close = closes.slice(0, 400);
    replayed(close, 5, 20, 4);
    for (let i = 100; i < close.length; i++) close[i] = close[i]! * 1.5;
    assertSame(replayed(close, 5, 20, 4), streamed(close, 5, 20, 4));
  });

  test('a column too long to memoise gives the same values', () => {
    const long = new Float64Array(600_000);
    for (let i = 0; i < long.length; i++) long[i] = closes[i % closes.length]! * (1 + (i % 7) * 1e-3);
    assertSame(replayed(long, 12, 26, 9), streamed(long, 12, 26, 9));
    const lines = macdLines(long, 12, 26);
    assert.notEqual(macdLines(long, 12, 26), lines);
  });

  test('refuses the periods Macd refuses', () => {
    assert.throws(() => forEachMacd(closes, 12, 26.5, 9, () => {}), (e: unknown) => e instanceof InputError && /'slow'/.test(e.message));
    assert.throws(() => forEachMacd(closes, 12, 26, 0, () => {}), (e: unknown) => e instanceof InputError && /'signal'/.test(e.message));
  });
});
