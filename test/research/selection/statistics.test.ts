import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflatedSharpe, expectedMaxSharpe, neighbourhoodStability, normalCdf, normalInverse, returnMoments } from '../../../src/research/selection/index.ts';
import type { SweepResultRow } from '../../../src/store/index.ts';

test('the normal CDF and its inverse match tabulated values', () => {
  assert.ok(Math.abs(normalCdf(1.96) - 0.9750021) < 2e-7);
  assert.ok(Math.abs(normalCdf(-1) - 0.1586553) < 2e-7);
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-8);
  assert.ok(Math.abs(normalInverse(0.975) - 1.959964) < 1e-6);
  assert.ok(Math.abs(normalInverse(0.01) - -2.326348) < 1e-6);
  for (const p of [0.001, 0.2, 0.5, 0.9, 0.999]) assert.ok(Math.abs(normalCdf(normalInverse(p)) - p) < 1e-6);
});

test('return moments of a symmetric sample', () => {
  const m = returnMoments([0.01, -0.01, 0.01, -0.01, 0.02, -0.02]);
  assert.ok(Math.abs(m.skewness) < 1e-12);
  assert.equal(m.count, 6);
  assert.equal(m.sharpe, 0);
});

test('with one trial the deflated Sharpe is the probabilistic Sharpe against zero', () => {
  const moments = { sharpe: 0.1, skewness: 0, kurtosis: 3, count: 253 };
  // PSR = Φ(SR √(T−1) / √(1 + SR²/2)) for normal returns
  const expected = normalCdf((0.1 * Math.sqrt(252)) / Math.sqrt(1 + 0.01 / 2));
  assert.ok(Math.abs(deflatedSharpe(moments, 1, 0.01) - expected) < 1e-12);
  assert.equal(expectedMaxSharpe(1, 0.01), 0);
});

test('more trials and more Sharpe dispersion deflate more; fat tails deflate more', () => {
  const moments = { sharpe: 0.1, skewness: 0, kurtosis: 3, count: 500 };
  const few = deflatedSharpe(moments, 10, 0.001);
  const many = deflatedSharpe(moments, 1000, 0.001);
  const dispersed = deflatedSharpe(moments, 10, 0.004);
  assert.ok(few > many && few > dispersed);
  assert.ok(deflatedSharpe({ ...moments, skewness: -2, kurtosis: 12 }, 10, 0.001) < few);
});

function row(fast: number, slow: number, sharpe: number): SweepResultRow {
  return { scenario: `${fast}-${slow}`, position: 0, symbol: 'X', timeframe: '1d', from: null, to: null, params: { fast, slow }, metrics: { sharpe } };
}

test('a winner among equals is stable; a lone spike is not', () => {
  const plateau = [row(1, 10, 2), row(2, 10, 1.8), row(3, 10, 1.9), row(2, 20, 1.7), row(2, 30, 0.1), row(1, 20, 5)];
  const stable = neighbourhoodStability(plateau[1]!, plateau, ['fast', 'slow'], 'sharpe');
  assert.equal(stable.neighbours, 3); // (1,10) (3,10) (2,20); (1,20) differs in both, (2,30) is two steps away
  assert.ok(Math.abs(stable.ratio - 1.9 / 1.8) < 1e-12);
  const spike = neighbourhoodStability(plateau[5]!, plateau, ['fast', 'slow'], 'sharpe');
  assert.ok(spike.ratio < 0.5);
});
