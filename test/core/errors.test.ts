import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExchangeError, InputError, InsufficientFunds, NetworkError, RateLimitExceeded, parseTimeframe } from '../../src/core/index.ts';

test('an input error names the file, line and field in one line', () => {
  const error = new InputError('high 9 < max(open, close) 10', { file: 'a.csv', line: 17, field: 'high' });
  assert.equal(error.message, "a.csv, line 17, field 'high': high 9 < max(open, close) 10");
  assert.equal(error.code, 'INPUT');
});

test('errors group by what the caller does next', () => {
  assert.ok(new InsufficientFunds('no cash') instanceof ExchangeError);
  const limited = new RateLimitExceeded('slow down', 5000);
  assert.ok(limited instanceof NetworkError);
  assert.equal(limited.retryAfterMs, 5000);
  assert.equal(limited.name, 'RateLimitExceeded');
});

test('an unknown timeframe is refused with the list of known ones', () => {
  assert.equal(parseTimeframe('4h'), '4h');
  assert.throws(() => parseTimeframe('3h'), /unknown timeframe '3h' \(expected one of 1m, 5m/);
});
