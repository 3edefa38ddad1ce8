// Indicator values must not depend on the price scale: oscillators give the same values on the
// same candles × 1e-8, × 1 and × 1e6, price-valued indicators scale with the prices. Candles are
// drawn on a decimal tick grid, so decimal ties (equal moves, flat windows) happen often, and the
// float noise of scaling is what the indicators must see through.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { CandleSeries } from '../../src/core/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import * as ind from '../../src/indicators/index.ts';
import { ROOT } from '../fixtures/cli.ts';

const SCALES = [1e-8, 1, 1e6] as const;

/** Candles on a tick grid (ticks of 0.01), with runs of flat candles. */
const tickCandles = fc
  .record({
    start: fc.integer({ min: 50, max: 5_000_000 }),
    moves: fc.array(
      fc.record({
        step: fc.integer({ min: -3, max: 3 }),
        up: fc.integer({ min: 0, max: 2 }),
        down: fc.integer({ min: 0, max: 2 }),
        flat: fc.integer({ min: 0, max: 15 }).map((x) => (x === 0 ? 25 : 1)), // now and then 25 flat candles
      }),
      { minLength: 40, maxLength: 80 },
    ),
  })
  .map(({ start, moves }) => {
    const rows: [number, number, number, number][] = [];
    let price = start;
    for (const { step, up, down, flat } of moves) {
      if (flat > 1) {
        for (let k = 0; k < flat; k++) rows.push([price, price, price, price]);
        continue;
      }
      const open = price;
      const close = Math.max(10, price + step);
      rows.push([open, Math.max(open, close) + up, Math.max(1, Math.min(open, close) - down), close]);
      price = close;
    }
    return rows;
  });

/** The tick rows as prices (ticks / 100, read from decimal text like a CSV), times `scale`. */
function series(rows: readonly (readonly number[])[], scale: number): CandleSeries {
  const column = (k: number): Float64Array => Float64Array.from(rows, (row) => Number(`${row[k]}e-2`) * scale);
  return { length: rows.length, time: Float64Array.from(rows, (_r, i) => i), open: column(0), high: column(1), low: column(2), close: column(3), volume: new Float64Array(rows.length).fill(1) };
}

type Outputs = Record<string, Float64Array>;

function oscillators(s: CandleSeries): Outputs {
  const adx = ind.adx(s.high, s.low, s.close, 14);
  const stoch = ind.stoch(s.high, s.low, s.close, 14, 3, 3);
  return {
    rsi: ind.rsi(s.close, 14),
    stochK: stoch.k,
    stochD: stoch.d,
    willr: ind.willr(s.high, s.low, s.close, 14),
    cci: ind.cci(s.high, s.low, s.close, 20),
    adx: adx.adx,
    plusDI: adx.plusDI,
    minusDI: adx.minusDI,
    roc: ind.roc(s.close, 10),
  };
}

function priceValued(s: CandleSeries): Outputs {
  const macd = ind.macd(s.close, 12, 26, 9);
  const bands = ind.bbands(s.close, 20, 2);
  return {
    sma: ind.sma(s.close, 20),
    ema: ind.ema(s.close, 10),
    wma: ind.wma(s.close, 14),
    macd: macd.macd,
    macdSignal: macd.signal,
    macdHistogram: macd.histogram,
    atr: ind.atr(s.high, s.low, s.close, 14),
    upper: bands.upper,
    middle: bands.middle,
    lower: bands.lower,
  };
}

/**
 * Equal up to 1e-6 of `magnitude`, NaN where the other is NaN. Float noise of the prices (1e-16 of
 * them) divided by moves of one tick on a price of 50,000 (2e-7 of it) gives ~1e-8 legitimately;
 * a scale fault gives differences of whole units (RSI 0 instead of 57, CCI ±66.67 instead of 0).
 */
function assertClose(a: Float64Array, b: Float64Array, magnitude: (i: number) => number, label: string): void {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      assert.ok(Number.isNaN(x) && Number.isNaN(y), `${label}: NaN at ${i} on one scale only`);
      continue;
    }
    assert.ok(Math.abs(x - y) <= 1e-6 * magnitude(i), `${label}: ${x} vs ${y} at ${i}`);
  }
}

describe('indicators do not depend on the price scale', () => {
  test('oscillators give the same values on prices × 1e-8, × 1 and × 1e6', () => {
    fc.assert(
      fc.property(tickCandles, (rows) => {
        const base = oscillators(series(rows, 1));
        for (const scale of SCALES) {
          const scaled = oscillators(series(rows, scale));
          for (const [name, values] of Object.entries(base)) {
            assertClose(scaled[name]!, values, (i) => Math.max(1, Math.abs(values[i]!)), `${name} × ${scale}`);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('price-valued indicators scale with the prices', () => {
    fc.assert(
      fc.property(tickCandles, (rows) => {
        const prices = series(rows, 1);
        const base = priceValued(prices);
        for (const scale of SCALES) {
          const scaled = priceValued(series(rows, scale));
          for (const [name, values] of Object.entries(base)) {
            // Relative to the price: MACD and its histogram sit near 0 at every scale.
            assertClose(scaled[name]!.map((v) => v / scale), values, (i) => prices.close[i]!, `${name} × ${scale}`);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('RSI(14) of PEPEUSDT 15m near 1e-5 equals that of the same candles × 1e5: 57.3156', () => {
    const load = (file: string): CandleSeries =>
      loadCandles({ exchange: 'binance', symbol: 'PEPEUSDT', timeframe: '15m', dataFile: path.join(ROOT, 'test/fixtures/cases', file) }).series;
    const tiny = ind.rsi(load('PEPEUSDT-15m-tiny-prices.csv').close, 14);
    const scaled = ind.rsi(load('PEPEX-15m-same-candles-x1e5.csv').close, 14);
    assert.equal(tiny.at(-1)!.toFixed(4), '57.3156');
    assert.equal(scaled.at(-1)!.toFixed(4), '57.3156');
    assertClose(tiny, scaled, () => 100, 'RSI');
  });

  test('a flat window reads as flat at every price: CCI, Williams %R and stoch 0', () => {
    // (h + l + c) / 3 of equal prices and the average of such values differ by float noise; prices
    // computed by scaling differ from each other by it too.
    for (const price of [1.326, 0.00001326, 61_234.57, 0.1 + 0.2, 7e-9, 3.3e6]) {
      const flat = new Float64Array(40).fill(price);
      const wobble = flat.map((p, i) => (i % 2 === 0 ? p : p * (1 + Number.EPSILON)));
      assert.equal(ind.cci(flat, flat, flat, 20)[39], 0, `cci at ${price}`);
      assert.equal(ind.cci(wobble, flat, wobble, 20)[39], 0, `cci of noise at ${price}`);
      assert.equal(ind.willr(wobble, flat, flat, 14)[39], 0, `willr of noise at ${price}`);
      assert.equal(ind.stoch(wobble, flat, wobble, 14, 3, 3).k[39], 0, `stoch of noise at ${price}`);
    }
  });

  test('ADX: an up-move and a down-move equal in decimal are a tie at every scale', () => {
    // Each candle widens by the same decimal amount both ways (0.0003): no directional movement,
    // though float64 sees 1.3293 − 1.3290 and 1.3287 − 1.3284 a hair apart, differently per scale.
    const rows = Array.from({ length: 40 }, (_v, i) => [13290 + 3 * i, 13287 - 3 * i, 13288]);
    for (const exponent of [-12, -4, 0, 4]) {
      const column = (k: number): Float64Array => Float64Array.from(rows, (row) => Number(`${row[k]}e${exponent}`));
      const result = ind.adx(column(0), column(1), column(2), 14);
      assert.equal(result.plusDI[39], 0, `+DI at e${exponent}`);
      assert.equal(result.minusDI[39], 0, `-DI at e${exponent}`);
    }
  });
});
