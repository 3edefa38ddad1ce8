// Every indicator against TA-Lib itself (the `talib` package builds TA-Lib's C source) on real
// Binance candles: NaN exactly where TA-Lib has no output, values within 1e-9 relative after.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import * as ind from '../../src/indicators/index.ts';
import type { CandleSeries } from '../../src/core/index.ts';
import { readSharedCsv } from '../fixtures/read-csv.ts';

interface TalibOutput {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
const talib = createRequire(import.meta.url)('talib') as { execute(args: Record<string, unknown>): TalibOutput & { error?: string } };

const DATA: Record<string, CandleSeries> = {
  'BTCUSDT 1h': readSharedCsv('BTCUSDT-1h.csv', 2000),
  'XRPUSDT 1d': readSharedCsv('XRPUSDT-1d.csv'),
  'ADAUSDT 4h': readSharedCsv('ADAUSDT-4h.csv', 1500),
};

function reference(name: string, s: CandleSeries, options: Record<string, number>, output: string): Float64Array {
  const run = talib.execute({
    name,
    startIdx: 0,
    endIdx: s.length - 1,
    inReal: Array.from(s.close),
    high: Array.from(s.high),
    low: Array.from(s.low),
    close: Array.from(s.close),
    open: Array.from(s.open),
    volume: Array.from(s.volume),
    ...options,
  });
  assert.equal(run.error, undefined, `talib ${name}: ${run.error}`);
  const values = run.result[output];
  assert.ok(values !== undefined, `talib ${name} has no output ${output}: ${Object.keys(run.result).join(', ')}`);
  const full = new Float64Array(s.length).fill(NaN);
  values.forEach((v, i) => (full[run.begIndex + i] = v));
  return full;
}

function assertMatches(ours: Float64Array, expected: Float64Array, label: string): void {
  assert.equal(ours.length, expected.length);
  let compared = 0;
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!;
    const b = expected[i]!;
    if (Number.isNaN(b)) {
      assert.ok(Number.isNaN(a), `${label}: value ${a} at ${i} where TA-Lib has none`);
      continue;
    }
    assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${label}: ${a} != ${b} at ${i}`);
    compared++;
  }
  assert.ok(compared > 100, `${label}: only ${compared} values compared`);
}

type Case = readonly [label: string, talibName: string, options: Record<string, number>, output: string, ours: (s: CandleSeries) => Float64Array];

const CASES: readonly Case[] = [
  ['SMA 20', 'SMA', { optInTimePeriod: 20 }, 'outReal', (s) => ind.sma(s.close, 20)],
  ['EMA 10', 'EMA', { optInTimePeriod: 10 }, 'outReal', (s) => ind.ema(s.close, 10)],
  ['EMA 50', 'EMA', { optInTimePeriod: 50 }, 'outReal', (s) => ind.ema(s.close, 50)],
  ['WMA 14', 'WMA', { optInTimePeriod: 14 }, 'outReal', (s) => ind.wma(s.close, 14)],
  ['RSI 14', 'RSI', { optInTimePeriod: 14 }, 'outReal', (s) => ind.rsi(s.close, 14)],
  ['RSI 7', 'RSI', { optInTimePeriod: 7 }, 'outReal', (s) => ind.rsi(s.close, 7)],
  ['ATR 14', 'ATR', { optInTimePeriod: 14 }, 'outReal', (s) => ind.atr(s.high, s.low, s.close, 14)],
  ['ROC 10', 'ROC', { optInTimePeriod: 10 }, 'outReal', (s) => ind.roc(s.close, 10)],
  ['CCI 20', 'CCI', { optInTimePeriod: 20 }, 'outReal', (s) => ind.cci(s.high, s.low, s.close, 20)],
  ['WILLR 14', 'WILLR', { optInTimePeriod: 14 }, 'outReal', (s) => ind.willr(s.high, s.low, s.close, 14)],
];

/**
 * Checked against TA-Lib run on the prices in whole ticks (price × 10^decimals, integers): ADX
 * departs from TA-Lib where an up-move and a down-move are a decimal tie (adx.ts). In whole ticks
 * TA-Lib's exact comparison sees those ties exactly, as decimal arithmetic would; in decimal prices
 * float noise picks a side. ADX and the DIs do not depend on the price scale.
 */
const IN_TICKS_CASES: readonly Case[] = [
  ['ADX 14', 'ADX', { optInTimePeriod: 14 }, 'outReal', (s) => ind.adx(s.high, s.low, s.close, 14).adx],
  ['+DI 14', 'PLUS_DI', { optInTimePeriod: 14 }, 'outReal', (s) => ind.adx(s.high, s.low, s.close, 14).plusDI],
  ['-DI 14', 'MINUS_DI', { optInTimePeriod: 14 }, 'outReal', (s) => ind.adx(s.high, s.low, s.close, 14).minusDI],
  ['ADX 20', 'ADX', { optInTimePeriod: 20 }, 'outReal', (s) => ind.adx(s.high, s.low, s.close, 20).adx],
];

/** The candles with every price in whole ticks of the finest decimal the prices use. */
function inTicks(s: CandleSeries): CandleSeries {
  const columns = [s.open, s.high, s.low, s.close];
  let decimals = 0;
  while (decimals < 10 && !columns.every((column) => column.every((p) => Number(p.toFixed(decimals)) === p))) decimals++;
  const scale = 10 ** decimals;
  const toTicks = (column: Float64Array): Float64Array => column.map((p) => Math.round(p * scale));
  return { ...s, open: toTicks(s.open), high: toTicks(s.high), low: toTicks(s.low), close: toTicks(s.close) };
}

const MACD_SETS = [
  [12, 26, 9],
  [30, 60, 15],
  [3, 5, 3],
] as const;

const STOCH_SETS = [
  [14, 3, 3],
  [5, 3, 5],
] as const;

describe('indicators match TA-Lib', () => {
  for (const [dataLabel, s] of Object.entries(DATA)) {
    for (const [label, name, options, output, ours] of CASES) {
      test(`${label} on ${dataLabel}`, () => assertMatches(ours(s), reference(name, s, options, output), label));
    }
    for (const [label, name, options, output, ours] of IN_TICKS_CASES) {
      test(`${label} on ${dataLabel} (TA-Lib in whole ticks)`, () => assertMatches(ours(s), reference(name, inTicks(s), options, output), label));
    }
    for (const [fast, slow, signal] of MACD_SETS) {
      test(`MACD ${fast}/${slow}/${signal} on ${dataLabel}`, () => {
        const options = { optInFastPeriod: fast, optInSlowPeriod: slow, optInSignalPeriod: signal };
        const result = ind.macd(s.close, fast, slow, signal);
        assertMatches(result.macd, reference('MACD', s, options, 'outMACD'), 'macd');
        assertMatches(result.signal, reference('MACD', s, options, 'outMACDSignal'), 'signal');
        assertMatches(result.histogram, reference('MACD', s, options, 'outMACDHist'), 'histogram');
      });
    }
    test(`BBANDS 20/2 on ${dataLabel}`, () => {
      const options = { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 };
      const result = ind.bbands(s.close, 20, 2);
      assertMatches(result.upper, reference('BBANDS', s, options, 'outRealUpperBand'), 'upper');
      assertMatches(result.middle, reference('BBANDS', s, options, 'outRealMiddleBand'), 'middle');
      assertMatches(result.lower, reference('BBANDS', s, options, 'outRealLowerBand'), 'lower');
    });
    for (const [k, kSlow, d] of STOCH_SETS) {
      test(`STOCH ${k}/${kSlow}/${d} on ${dataLabel}`, () => {
        const options = { optInFastK_Period: k, optInSlowK_Period: kSlow, optInSlowK_MAType: 0, optInSlowD_Period: d, optInSlowD_MAType: 0 };
        const result = ind.stoch(s.high, s.low, s.close, k, kSlow, d);
        assertMatches(result.k, reference('STOCH', s, options, 'outSlowK'), 'slowK');
        assertMatches(result.d, reference('STOCH', s, options, 'outSlowD'), 'slowD');
      });
    }
  }
});
