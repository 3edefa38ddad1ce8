// The one date parser: ISO-8601 (UTC unless an offset is given) or epoch ms, nothing else.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseUtcDate } from '../../src/core/index.ts';

describe('parseUtcDate', () => {
  test('reads ISO-8601 dates and date-times as UTC unless they carry an offset', () => {
    assert.equal(parseUtcDate('2025-01-05'), Date.UTC(2025, 0, 5));
    assert.equal(parseUtcDate('2025-01-05T10:00'), Date.UTC(2025, 0, 5, 10));
    assert.equal(parseUtcDate('2025-01-05 10:00:30.250'), Date.UTC(2025, 0, 5, 10, 0, 30, 250));
    assert.equal(parseUtcDate('2025-01-05T10:00:00Z'), Date.UTC(2025, 0, 5, 10));
    assert.equal(parseUtcDate('2025-01-05T12:00+02:00'), Date.UTC(2025, 0, 5, 10));
    assert.equal(parseUtcDate('2025-01-05T05:30-0530'), Date.UTC(2025, 0, 5, 11));
    assert.equal(parseUtcDate('2024-02-29'), Date.UTC(2024, 1, 29));
  });

  test('reads a string of digits as epoch milliseconds', () => {
    assert.equal(parseUtcDate('1736035200000'), Date.UTC(2025, 0, 5));
  });

  test('refuses the forms Date.parse guesses at: US dates, names of months, unpadded or impossible dates', () => {
    for (const text of ['01/05/2025', '2025/01/05', 'Jan 5 2025', '5 January 2025', '2025-1-5', '2025-02-30', '2025-13-01', '2025-01-05T24:00', '', 'now']) {
      assert.ok(Number.isNaN(parseUtcDate(text)), text);
    }
  });
});
