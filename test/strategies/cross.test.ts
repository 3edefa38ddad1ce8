// The shared cross rule: a change of side, where a tie (up to float noise at the price scale) is
// on neither side.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrossDetector } from '../../src/strategies/index.ts';

function crosses(a: readonly number[], b: readonly number[], scale?: readonly number[]): number[] {
  const detector = new CrossDetector();
  return a.map((x, i) => detector.update(x, b[i]!, scale?.[i]));
}

test('a cross is a change of side', () => {
  assert.deepEqual(crosses([1, 3], [2, 2]), [0, 1]);
  assert.deepEqual(crosses([3, 1], [2, 2]), [0, -1]);
  assert.deepEqual(crosses([1, 3, 4, 1], [2, 2, 2, 2]), [0, 1, 0, -1]);
});

test('a cross through an exact tie is a cross, on the candle that reaches the other side', () => {
  assert.deepEqual(crosses([1, 2, 3], [2, 2, 2]), [0, 0, 1]);
  assert.deepEqual(crosses([3, 2, 1], [2, 2, 2]), [0, 0, -1]);
  // several tied candles in a row
  assert.deepEqual(crosses([1, 2, 2, 2, 3], [2, 2, 2, 2, 2]), [0, 0, 0, 0, 1]);
});

test('touching the other line and turning back is not a cross', () => {
  assert.deepEqual(crosses([1, 2, 1], [2, 2, 2]), [0, 0, 0]);
  assert.deepEqual(crosses([3, 2, 2, 3], [2, 2, 2, 2]), [0, 0, 0, 0]);
});

test('a tie up to float noise is a tie, at any price scale', () => {
  // 0.1 + 0.2 vs 0.3: a decimal tie that float64 sees as 5.6e-17 apart
  for (const scale of [1e-8, 1e-5, 1, 1e5, 1e8]) {
    const tie = (0.1 + 0.2) * scale;
    const equal = 0.3 * scale;
    assert.deepEqual(crosses([0.2 * scale, tie, 0.2 * scale], [equal, equal, equal]), [0, 0, 0], `touch at ${scale}`);
    assert.deepEqual(crosses([0.2 * scale, tie, 0.4 * scale], [equal, equal, equal]), [0, 0, 1], `cross at ${scale}`);
  }
});

test('lines that are differences of prices judge ties against the price they pass', () => {
  // MACD-like lines near zero at a price of 50,000: 1e-12 apart is noise there, not a side.
  const price = [50_000, 50_000, 50_000];
  assert.deepEqual(crosses([-1, 1e-12, -1], [0, 0, 0], price), [0, 0, 0]);
  assert.deepEqual(crosses([-1, 1e-12, 1], [0, 0, 0], price), [0, 0, 1]);
  // without the price, 1e-12 against 0 is a side
  assert.deepEqual(crosses([-1, 1e-12, -1], [0, 0, 0]), [0, 1, -1]);
});

test('warm-up NaNs never cross, and nothing crosses before a side is known', () => {
  assert.deepEqual(crosses([NaN, NaN, 1, 3], [NaN, 2, 2, 2]), [0, 0, 0, 1]);
  assert.deepEqual(crosses([NaN, 2, 3], [2, 2, 2]), [0, 0, 0]);
});
