import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandScenarios, parseSweepSpec } from '../../../src/research/sweep/index.ts';
import { builtInStrategy } from '../../../src/strategies/index.ts';

const macd = builtInStrategy('macd-cross');
const spec = (params: Record<string, string>, extra: Record<string, unknown> = {}) =>
  parseSweepSpec({ symbols: ['BTCUSDT', 'ETHUSDT'], timeframes: ['4h', '1d'], params, ...extra });

test('the grid is every combination × symbol × timeframe, in one fixed order', () => {
  const { scenarios, sweptParams } = expandScenarios(spec({ fast: '3..5', slow: 'fast+2..8:3', signal: '9' }), macd, []);
  // fast 3 → slow 5, 8; fast 4 → 6; fast 5 → 7: 4 combinations × 2 symbols × 2 timeframes
  assert.equal(scenarios.length, 16);
  assert.deepEqual(sweptParams, ['fast', 'slow', 'signal']);
  assert.deepEqual(scenarios.slice(0, 4).map((s) => [s.symbol, s.timeframe, s.params['fast'], s.params['slow']]), [
    ['BTCUSDT', '4h', 3, 5],
    ['BTCUSDT', '4h', 3, 8],
    ['BTCUSDT', '4h', 4, 6],
    ['BTCUSDT', '4h', 5, 7],
  ]);
  assert.equal(scenarios[0]!.key, 'BTCUSDT|4h|||fast=3,signal=9,slow=5,stopLoss=0,takeProfit=0');
  assert.equal(new Set(scenarios.map((s) => s.key)).size, 16);
});

test('combinations the strategy refuses are skipped and counted', () => {
  const { scenarios, skippedCombinations } = expandScenarios(spec({ fast: '3..6', slow: '4..6' }), macd, []);
  // valid (fast < slow): 3-4 3-5 3-6 4-5 4-6 5-6 = 6 of 12
  assert.equal(skippedCombinations, 6);
  assert.equal(scenarios.length, 6 * 4);
});

test('a seeded sample is the same every time and a subset of the grid', () => {
  const full = expandScenarios(spec({ fast: '3..20', slow: 'fast+2..40' }), macd, []).scenarios;
  const a = expandScenarios(spec({ fast: '3..20', slow: 'fast+2..40' }, { sample: 50, seed: 7 }), macd, []).scenarios;
  const b = expandScenarios(spec({ fast: '3..20', slow: 'fast+2..40' }, { sample: 50, seed: 7 }), macd, []).scenarios;
  const c = expandScenarios(spec({ fast: '3..20', slow: 'fast+2..40' }, { sample: 50, seed: 8 }), macd, []).scenarios;
  assert.equal(a.length, 50);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.map((s) => s.key), c.map((s) => s.key));
  const keys = new Set(full.map((s) => s.key));
  for (const s of a) assert.ok(keys.has(s.key));
});

test('unknown parameters, inverted and out-of-range values are refused', () => {
  assert.throws(() => expandScenarios(spec({ fsat: '3..5' }), macd, []), /unknown parameter 'fsat' for strategy macd-cross/);
  assert.throws(() => expandScenarios(spec({ fast: '40..3' }), macd, []), /range for 'fast' is inverted \(40..3\)/);
  assert.throws(() => expandScenarios(spec({ fast: '0..3' }), macd, []), /parameter 'fast' of macd-cross must be in \[1, 500\], got 0/);
  assert.throws(() => expandScenarios(spec({ fast: '30..40', slow: '5..10' }), macd, []), /give no valid combination/);
});

test('a sample picks symbol, timeframe and parameters once and runs each pick on every date window', () => {
  const windows = [{ to: Date.UTC(2025, 6, 1) }, { from: Date.UTC(2025, 6, 1) }];
  const sampled = expandScenarios(spec({ fast: '3..20', slow: 'fast+2..40' }, { sample: 50, seed: 7 }), macd, windows).scenarios;
  assert.equal(sampled.length, 100);
  const pick = (s: (typeof sampled)[number]): string => `${s.symbol}|${s.timeframe}|${JSON.stringify(s.params)}`;
  const inSample = sampled.filter((s) => s.to !== undefined).map(pick);
  const holdOut = sampled.filter((s) => s.from !== undefined).map(pick);
  assert.equal(new Set(inSample).size, 50);
  assert.deepEqual(holdOut.sort(), inSample.sort());
  // Without windows the same seed picks the same 50 as before windows existed.
  const plain = expandScenarios(spec({ fast: '3..20', slow: 'fast+2..40' }, { sample: 50, seed: 7 }), macd, []).scenarios.map(pick);
  assert.deepEqual(new Set(plain), new Set(inSample));
});
