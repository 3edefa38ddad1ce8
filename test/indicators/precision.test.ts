// Rolling indicators stay exact at high prices in quiet markets and over long series: checked
// against exact integer arithmetic (BigInt) on prices in whole cents.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRng } from '../../src/core/index.ts';
import * as ind from '../../src/indicators/index.ts';

const PERIOD = 20;

/**
 * Quiet 1-minute closes around BTC's 60,000, in whole cents: moves of 0 to 3 cents, with long
 * stretches without a move, then a jump (a quiet window after a busy one is the hard case).
 */
function quietCents(count: number, seed: number): bigint[] {
  const rng = seededRng(seed);
  const cents: bigint[] = [];
  let price = 6_000_000n;
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    if (i % 5000 === 4999) price += 50_000n; // a 500-dollar candle
    else if (r < 0.3) price += BigInt(Math.floor(rng.next() * 7) - 3);
    cents.push(price);
  }
  return cents;
}

function prices(cents: readonly bigint[]): Float64Array {
  return Float64Array.from(cents, (c) => Number(`${c}e-2`));
}

/** Exact window mean and population variance (in price units) from integer sums of cents. */
function exactWindow(cents: readonly bigint[], end: number): { mean: number; variance: number } {
  let sum = 0n;
  let squares = 0n;
  for (let i = end - PERIOD + 1; i <= end; i++) {
    sum += cents[i]!;
    squares += cents[i]! * cents[i]!;
  }
  const n = BigInt(PERIOD);
  // variance × n² × 100² = n·Σc² − (Σc)², exact; one rounding each on the way to a float
  return { mean: Number(sum) / PERIOD / 100, variance: Number(n * squares - sum * sum) / Number(n * n) / 10_000 };
}

describe('rolling indicators at BTC prices in quiet markets', () => {
  const cents = quietCents(60_000, 11);
  const close = prices(cents);

  test('Bollinger band width equals the exact window deviation to 1e-9', () => {
    const bands = ind.bbands(close, PERIOD, 2);
    let compared = 0;
    for (let i = PERIOD - 1; i < close.length; i++) {
      const { mean, variance } = exactWindow(cents, i);
      const width = bands.upper[i]! - bands.lower[i]!;
      const exact = 4 * Math.sqrt(variance);
      // the subtraction of two bands near 60,000 costs 1e-11 absolute
      assert.ok(Math.abs(width - exact) <= 1e-9 * exact + 1e-10, `width ${width} vs ${exact} at ${i}`);
      assert.ok(Math.abs(bands.middle[i]! - mean) <= 1e-12 * mean, `middle ${bands.middle[i]} vs ${mean} at ${i}`);
      if (exact > 0) compared++;
    }
    assert.ok(compared > 30_000);
  });

  test('the streaming object gives the batch values bit for bit', () => {
    const batch = ind.bbands(close, PERIOD, 2);
    const stream = new ind.BBands(PERIOD, 2);
    for (let i = 0; i < close.length; i++) {
      assert.ok(Object.is(stream.update(close[i]!), batch.middle[i]));
      assert.ok(Object.is(stream.upper, batch.upper[i]) && Object.is(stream.lower, batch.lower[i]));
    }
  });

  test('SMA and WMA do not drift from the exact window averages over a long series', () => {
    const sma = ind.sma(close, PERIOD);
    const wma = ind.wma(close, PERIOD);
    const divider = BigInt((PERIOD * (PERIOD + 1)) / 2);
    for (let i = PERIOD - 1; i < close.length; i += 7) {
      let weighted = 0n;
      for (let k = 0; k < PERIOD; k++) weighted += BigInt(k + 1) * cents[i - PERIOD + 1 + k]!;
      const exactSma = exactWindow(cents, i).mean;
      const exactWma = Number(weighted) / Number(divider) / 100;
      assert.ok(Math.abs(sma[i]! - exactSma) <= 1e-13 * exactSma, `sma ${sma[i]} vs ${exactSma} at ${i}`);
      assert.ok(Math.abs(wma[i]! - exactWma) <= 1e-13 * exactWma, `wma ${wma[i]} vs ${exactWma} at ${i}`);
    }
  });

  test('a flat window has no band width, at any price', () => {
    for (const price of [60_000.01, 0.00001326, 1.3e7]) {
      const bands = ind.bbands(new Float64Array(50).fill(price), PERIOD, 2);
      assert.equal(bands.upper[49], bands.lower[49]);
    }
  });
});
