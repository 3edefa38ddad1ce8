import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange, rangeValues } from '../../../src/research/sweep/index.ts';

const values = (raw: string, chosen: Record<string, number> = {}) => rangeValues('p', parseRange('p', raw), chosen);

test('ranges, steps, lists and single values', () => {
  assert.deepEqual(values('3..7'), [3, 4, 5, 6, 7]);
  assert.deepEqual(values('3..40:10'), [3, 13, 23, 33]);
  assert.deepEqual(values('0.1..0.5:0.1'), [0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.deepEqual(values('2,5,9'), [2, 5, 9]);
  assert.deepEqual(values('7'), [7]);
});

test('a bound may depend on an earlier parameter', () => {
  assert.deepEqual(values('fast+2..9', { fast: 5 }), [7, 8, 9]);
  assert.deepEqual(values('fast+2..9:2', { fast: 3 }), [5, 7, 9]);
  assert.deepEqual(values('fast+2..9', { fast: 8 }), []);
});

test('bad ranges are refused naming the parameter', () => {
  assert.throws(() => parseRange('fast', '3..4x'), /range for 'fast' has '4x', which is not a number/);
  assert.throws(() => parseRange('fast', '3..9:0'), /step of 0; it must be positive/);
  assert.throws(() => values('slow+1..9'), /refers to 'slow', which has no range before it/);
});
