// `npm start` on a fresh checkout: backtests the bundled data and writes the reports it names.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rampart, tempDir } from '../fixtures/cli.ts';

test('start backtests the four bundled symbols and prints where each report is', () => {
  const dir = tempDir();
  const run = rampart(['start', '--out-dir', path.join(dir, 'reports'), '--db', path.join(dir, 'rampart.db')]);
  assert.equal(run.status, 0, run.stderr);
  for (const symbol of ['BTCUSDT', 'ETHUSDT', 'XRPUSDT', 'ADAUSDT']) {
    const file = path.join(dir, 'reports', `${symbol}-4h-macd-cross.html`);
    assert.match(run.stdout, new RegExp(`${symbol} .*${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.ok(existsSync(file));
    assert.match(readFileSync(file, 'utf8'), /<html/i);
  }
});
