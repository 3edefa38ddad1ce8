// The streaming objects and the batch functions agree exactly, and basic invariants hold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { candleAt } from '../../src/core/index.ts';
import * as ind from '../../src/indicators/index.ts';
import { InputError } from '../../src/core/index.ts';
import { readSharedCsv } from '../fixtures/read-csv.ts';

const s = readSharedCsv('ETHUSDT-1h.csv', 1500);
const candles = Array.from({ length: s.length }, (_v, i) => candleAt(s, i));

function assertIdentical(batch: Float64Array, streamed: number[], label: string): void {
  assert.equal(batch.length, streamed.length);
  for (let i = 0; i < batch.length; i++) assert.ok(Object.is(batch[i], streamed[i]), `${label} differs at ${i}: ${batch[i]} vs ${streamed[i]}`);
}

describe('batch == streaming, bit for bit', () => {
  const valueCases = [
    ['sma', () => new ind.Sma(20), ind.sma(s.close, 20)],
    ['ema', () => new ind.Ema(20), ind.ema(s.close, 20)],
    ['wma', () => new ind.Wma(20), ind.wma(s.close, 20)],
    ['rsi', () => new ind.Rsi(14), ind.rsi(s.close, 14)],
    ['roc', () => new ind.Roc(9), ind.roc(s.close, 9)],
  ] as const;
  for (const [label, make, batch] of valueCases) {
    test(label, () => {
      const indicator = make();
      assertIdentical(batch, Array.from(s.close, (x) => indicator.update(x)), label);
    });
  }

  const barCases = [
    ['atr', () => new ind.Atr(14), ind.atr(s.high, s.low, s.close, 14)],
    ['cci', () => new ind.Cci(20), ind.cci(s.high, s.low, s.close, 20)],
    ['willr', () => new ind.WillR(14), ind.willr(s.high, s.low, s.close, 14)],
  ] as const;
  for (const [label, make, batch] of barCases) {
    test(label, () => {
      const indicator = make();
      assertIdentical(batch, candles.map((c) => indicator.update(c)), label);
    });
  }

  test('macd, bbands, adx, stoch (every output)', () => {
    const m = new ind.Macd(12, 26, 9);
    const b = new ind.BBands(20, 2);
    const a = new ind.Adx(14);
    const st = new ind.Stoch(14, 3, 3);
    const out = { macd: [] as number[], signal: [] as number[], hist: [] as number[], up: [] as number[], mid: [] as number[], low: [] as number[], adx: [] as number[], pdi: [] as number[], mdi: [] as number[], k: [] as number[], d: [] as number[] };
    for (const c of candles) {
      out.macd.push(m.update(c.close));
      out.signal.push(m.signal);
      out.hist.push(m.histogram);
      out.mid.push(b.update(c.close));
      out.up.push(b.upper);
      out.low.push(b.lower);
      out.adx.push(a.update(c));
      out.pdi.push(a.plusDI);
      out.mdi.push(a.minusDI);
      out.k.push(st.update(c));
      out.d.push(st.d);
    }
    const bm = ind.macd(s.close, 12, 26, 9);
    assertIdentical(bm.macd, out.macd, 'macd');
    assertIdentical(bm.signal, out.signal, 'signal');
    assertIdentical(bm.histogram, out.hist, 'histogram');
    const bb = ind.bbands(s.close, 20, 2);
    assertIdentical(bb.upper, out.up, 'upper');
    assertIdentical(bb.middle, out.mid, 'middle');
    assertIdentical(bb.lower, out.low, 'lower');
    const ba = ind.adx(s.high, s.low, s.close, 14);
    assertIdentical(ba.adx, out.adx, 'adx');
    assertIdentical(ba.plusDI, out.pdi, '+di');
    assertIdentical(ba.minusDI, out.mdi, '-di');
    const bs = ind.stoch(s.high, s.low, s.close, 14, 3, 3);
    assertIdentical(bs.k, out.k, 'k');
    assertIdentical(bs.d, out.d, 'd');
  });
});

describe('invariants', () => {
  const prices = fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 });

  test('the SMA of a constant series is that constant', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 30 }), (x, period) => {
        const out = ind.sma(new Float64Array(period + 10).fill(x), period);
        for (let i = period - 1; i < out.length; i++) assert.ok(Math.abs(out[i]! - x) <= 1e-9 * Math.max(1, Math.abs(x)));
      }),
    );
  });

  test('RSI stays within [0, 100] and Williams %R within [-100, 0]', () => {
    fc.assert(
      fc.property(prices, fc.integer({ min: 1, max: 20 }), (values, period) => {
        const close = Float64Array.from(values);
        for (const v of ind.rsi(close, period)) if (!Number.isNaN(v)) assert.ok(v >= -1e-9 && v <= 100 + 1e-9);
        for (const v of ind.willr(close, close, close, period)) if (!Number.isNaN(v)) assert.ok(v >= -100 - 1e-9 && v <= 1e-9); // TA-Lib's formula, float rounding aside
      }),
    );
  });

  test('reset() then feeding again reproduces the output', () => {
    fc.assert(
      fc.property(prices, (values) => {
        const m = new ind.Macd(3, 7, 4);
        const first = values.map((x) => m.update(x));
        m.reset();
        const second = values.map((x) => m.update(x));
        assert.deepEqual(second, first);
      }),
    );
  });

  test('a period below 1 or not an integer is refused with the parameter named', () => {
    assert.throws(() => ind.sma(new Float64Array(3), 0), (e: unknown) => e instanceof InputError && /'period'/.test(e.message));
    assert.throws(() => new ind.Macd(12, 26.5, 9), /'slow'/);
  });

  test('the package exports rampart/indicators: the compiled module, with the same functions giving the same values', async () => {
    // package.json points "default" at dist/ (compiled), "types" at the sources.
    const mod = (await import('rampart/indicators')) as typeof ind;
    assert.deepEqual(Object.keys(mod).sort(), Object.keys(ind).sort());
    const closes = Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6]);
    assert.deepEqual(mod.sma(closes, 3), ind.sma(closes, 3));
  });
});
