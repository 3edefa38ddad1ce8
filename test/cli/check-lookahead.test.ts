import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { rampart, tempDir } from '../fixtures/cli.ts';

const db = path.join(tempDir(), 'r.db');

test('the built-in strategies have no lookahead', () => {
  for (const strategy of ['macd-cross', 'sma-cross', 'grid', 'regime-adaptive']) {
    const run = rampart(['check-lookahead', '--strategy', strategy, '--symbol', 'XRPUSDT', '--timeframe', '4h', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`no lookahead found in ${strategy}: \\d+ truncations \\(\\d+ right after a decision\\)`));
  }
});

test('a strategy that reads the next candle is flagged with the decision that changed', () => {
  const run = rampart(['check-lookahead', '--strategy', 'test/fixtures/strategies/peeks-ahead.ts', '--db', db]);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /LOOKAHEAD in peeks-ahead: \d+ of \d+ truncations changed an earlier decision/);
  assert.match(run.stdout, /decision after \d{4}-\d\d-\d\d 00:00 changed when candles from \d{4}-\d\d-\d\d 00:00 on were removed/);
});

test('a window fitted on the first candles is flagged (case LOOKUSDT-1d: fit 100)', () => {
  const run = rampart(['check-lookahead', '--strategy', 'test/fixtures/cases/lookahead-fit-window.mjs', '--data', 'test/fixtures/cases/LOOKUSDT-1d.csv', '--timeframe', '1d', '--fit', '100', '--db', db]);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /LOOKAHEAD in lookahead-fit-window/);
  assert.match(run.stdout, /decision after 2023-01-19 00:00 changed when candles from 2023-01-2\d 00:00 on were removed: - → \{"type":"exit"\}/);
});
