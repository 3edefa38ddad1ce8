import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrossDetector } from '../../src/strategies/index.ts';

function crosses(a: readonly number[], b: readonly number[]): number[] {
  const detector = new CrossDetector();
  return a.map((x, i) => detector.update(x, b[i]!));
}

test('a cross needs strictly below then strictly above', () => {
  assert.deepEqual(crosses([1, 3], [2, 2]), [0, 1]);
  assert.deepEqual(crosses([3, 1], [2, 2]), [0, -1]);
});

test('touching the other line is not a cross, in either step', () => {
  // below → equal → above: neither step is strict on both sides
  assert.deepEqual(crosses([1, 2, 3], [2, 2, 2]), [0, 0, 0]);
  assert.deepEqual(crosses([3, 2, 1], [2, 2, 2]), [0, 0, 0]);
});

test('warm-up NaNs never cross', () => {
  assert.deepEqual(crosses([NaN, NaN, 1, 3], [NaN, 2, 2, 2]), [0, 0, 0, 1]);
});
