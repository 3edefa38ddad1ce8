// Refused orders are never silent: a run whose orders are all refused says how many and why, counts
// every refusal past the kept list, and its report lists a readable number of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, rampart, tempDir } from '../fixtures/cli.ts';

const dir = tempDir();
const db = path.join(dir, 'rampart.db');

test('an order size the cash cannot pay is refused, and the summary gives the count and the first reason', () => {
  const run = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '4h', '--sizing', 'fixed', '--size', '100', '--db', db]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /warning: \d+ order\(s\) refused \(listed in --json and the report\); the first, at \d{4}-\d\d-\d\dT\d\d:\d\dZ: insufficient funds: cost [\d.]+ > free cash 10000/);
});

test('a strategy refused on every candle: every refusal counted, the first 1,000 kept, 50 listed in the report', () => {
  const strategy = path.join(ROOT, 'test/fixtures/strategies/short-every-candle.ts');
  const out = path.join(dir, 'refused.html');
  const args = ['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1h', '--strategy', strategy, '--db', db];
  const json = rampart([...args, '--json']);
  assert.equal(json.status, 0, json.stderr);
  const result = JSON.parse(json.stdout) as { rejections: unknown[]; rejectedCount: number; trades: unknown[] };
  assert.equal(result.trades.length, 0);
  assert.equal(result.rejections.length, 1000);
  assert.equal(result.rejectedCount, 8760);
  const text = rampart([...args, '--out', out]);
  // A strategy file is shown by its name, not its path.
  assert.match(text.stdout, /^short-every-candle +on binance BTCUSDT 1h$/m);
  assert.match(text.stdout, /warning: 8760 order\(s\) refused \(the first 1000 in --json and the report\); the first, at 2024-10-01T00:00Z: /);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /Refused orders \(8760; the first 50 listed, all kept ones in --json\)/);
  assert.equal((/<h2>Refused orders[\s\S]*?<\/ul>/.exec(html)?.[0].match(/<li>/g) ?? []).length, 50);
});

test('a report that cannot be written is one line naming --out, exit 2', () => {
  const run = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--out', path.join(dir, 'no-such-dir', 'r.html'), '--db', db]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /rampart: --out: cannot write .*no-such-dir\/r\.html \(ENOENT\)/);
});
