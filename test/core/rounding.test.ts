import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { toStepString } from '../../src/core/index.ts';

test('a decimal string goes onto the grid exactly: quantities and buy prices down, sell prices up', () => {
  assert.equal(toStepString('0.0012345', 0.00001, 'down'), '0.00123');
  assert.equal(toStepString('20000.019', 0.01, 'down'), '20000.01');
  assert.equal(toStepString('20000.011', 0.01, 'up'), '20000.02');
  assert.equal(toStepString('20000.0100000001', 0.01, 'up'), '20000.02', 'a digit past the step still rounds up');
  assert.equal(toStepString('20000.01', 0.01, 'up'), '20000.01', 'on the grid it stays');
  assert.equal(toStepString('7.9', 0.25, 'down'), '7.75');
  assert.equal(toStepString('12', 0.5, 'down'), '12.0');
});

test('numbers are read past float noise and written without an exponent', () => {
  assert.equal(toStepString(0.3, 0.1, 'down'), '0.3');
  assert.equal(toStepString(2.99999999999, 1, 'down'), '3');
  assert.equal(toStepString(1e-7, 0, 'down'), '0.0000001');
  assert.equal(toStepString('1e-7', 0.00000001, 'down'), '0.00000010');
  assert.throws(() => toStepString(-1, 0.01, 'down'), /not a quantity or price/);
});

test('the rounded string is on the grid and within one step of the value, on the chosen side', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom(0.01, 0.00001, 0.25, 1), fc.boolean(), (units, decimals, step, up) => {
      const text = (units / 10 ** decimals).toFixed(decimals);
      const written = toStepString(text, step, up ? 'up' : 'down');
      const [whole, fraction = ''] = written.split('.');
      assert.equal(BigInt(whole! + fraction.padEnd(8, '0')) % BigInt(Math.round(step * 1e8)), 0n, `${text} → ${written} is on the grid of ${step}`);
      const rounded = Number(written);
      const value = Number(text);
      assert.ok(up ? rounded >= value - 1e-9 && rounded - value < step + 1e-9 : rounded <= value + 1e-9 && value - rounded < step + 1e-9);
    }),
  );
});
