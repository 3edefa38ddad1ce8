// Fees and slippage: a fraction or a percentage; a bare number above 1% is taken for a forgotten '%'.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, parseRate } from '../../src/core/index.ts';

describe('parseRate', () => {
  test('reads fractions and percentages alike', () => {
    assert.equal(parseRate('0.001', '--fee'), 0.001);
    assert.equal(parseRate('0.1%', '--fee'), 0.001);
    assert.equal(parseRate(' 0.075 % ', '--fee'), 0.00075);
    assert.equal(parseRate(0.01, 'fee'), 0.01);
    assert.equal(parseRate('0', '--slippage'), 0);
    assert.equal(parseRate('10%', '--fee'), 0.1);
  });

  test('refuses a bare number above 1%, naming both readings', () => {
    assert.throws(() => parseRate('0.1', '--fee'), (error: unknown) => error instanceof InputError && error.message === '--fee 0.1 is 10% per side; write 0.1% if you meant 0.1 percent, or 10% if you mean it');
    assert.throws(() => parseRate(0.02, 'slippage', { file: 'sweep.yml', line: 4 }), /sweep\.yml, line 4: slippage 0\.02 is 2% per side/);
  });

  test('refuses text that is not a rate, and negative rates', () => {
    for (const text of ['', '%', 'abc', '0.1%%', '-0.001', '-1%']) assert.throws(() => parseRate(text, '--fee'), InputError, text);
  });
});
