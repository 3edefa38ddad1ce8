// GridBook: a close touching a line reaches it, at every price scale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GridBook } from '../../src/strategies/index.ts';

/** A decimal price at a scale: the same digits with another exponent, as a CSV would hold them. */
const at = (digits: number, exponent: number): number => Number(`${digits}e${exponent}`);

test('a close touching a line buys there and sells at the next line, whatever the price scale', () => {
  // Band 1..7 in 6 levels (lines 1, 2, …, 7 in decimal) and 0.1..0.7 in 6 levels: computed lines
  // such as 0.1 + 0.6 × 2 / 6 = 0.30000000000000004 sit a hair off the decimal price.
  for (const [lower, upper] of [[1, 7], [0.1, 0.7], [0.7, 1.3], [1.1, 2.3]] as const) {
    const step = (upper - lower) / 6;
    for (let exponent = -9; exponent <= 6; exponent++) {
      for (let j = 1; j < 5; j++) {
        const line = Number((lower + step * j).toFixed(10)); // the decimal line
        const book = new GridBook(at(lower, exponent), at(upper, exponent), 6);
        const above = Number((line + step / 2).toFixed(10));
        const next = Number((line + step).toFixed(10));
        assert.equal(book.update(at(above, exponent), 0), null);
        const buy = book.update(at(line, exponent), 0);
        assert.equal(buy?.type, 'enter', `no buy touching ${line}e${exponent}`);
        const sell = book.update(at(next, exponent), 1);
        assert.equal(sell?.type, 'exit', `no sell touching ${next}e${exponent}`);
      }
    }
  }
});
