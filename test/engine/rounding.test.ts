import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { roundDownToStep, roundToTick } from '../../src/engine/index.ts';

test('quantities round down to the step and come out as clean decimals', () => {
  assert.equal(roundDownToStep(0.3, 0.1), 0.3);
  assert.equal(roundDownToStep(2.99999999999, 1), 3);
  assert.equal(roundDownToStep(1.23456789, 0.00001), 1.23456);
  assert.equal(roundDownToStep(7.9, 0.25), 7.75);
  assert.equal(roundDownToStep(5, 0), 5);
  assert.equal(roundToTick(95.26, 0.5), 95.5);
  assert.equal(roundToTick(100 * 1.1, 0), 110);
});

test('a rounded quantity is never above the input (beyond float noise) and within one step of it', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(1, 0.1, 0.001, 0.00001, 0.25), (qty, step) => {
      const rounded = roundDownToStep(qty, step);
      assert.ok(rounded <= qty * (1 + 1e-9) + 1e-12);
      assert.ok(qty - rounded < step * (1 + 1e-9));
    }),
  );
});
