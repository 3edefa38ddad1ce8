// Resampling reproduces the exchange's own longer candles exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError, sliceSeries } from '../../src/core/index.ts';
import { loadCandles, resample } from '../../src/data/index.ts';

const hourly = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;

for (const to of ['4h', '1d'] as const) {
  test(`1h resampled to ${to} equals Binance's own ${to} candles`, () => {
    const expected = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: to }).series;
    const { series, droppedLeading, droppedTrailing } = resample(hourly, '1h', to);
    assert.deepEqual([droppedLeading, droppedTrailing], [false, false]);
    assert.equal(series.length, expected.length);
    for (const column of ['time', 'open', 'high', 'low', 'close'] as const) assert.deepEqual(series[column], expected[column], column);
    for (let i = 0; i < series.length; i++) assert.ok(Math.abs(series.volume[i]! - expected.volume[i]!) <= 1e-9 * expected.volume[i]!);
  });
}

test('a trailing incomplete bucket is dropped', () => {
  const partial = sliceSeries(hourly, hourly.time[0]!, hourly.time[0]! + 30 * 3_600_000);
  const { series, droppedTrailing } = resample(partial, '1h', '1d');
  assert.equal(droppedTrailing, true);
  assert.equal(series.length, 1);
});

test('a leading incomplete bucket is dropped too: the day that starts before the data is not stored', () => {
  const partial = sliceSeries(hourly, hourly.time[5]!, hourly.time[0]! + 48 * 3_600_000);
  const { series, droppedLeading, droppedTrailing } = resample(partial, '1h', '1d');
  assert.deepEqual([droppedLeading, droppedTrailing, series.length], [true, false, 1]);
  assert.equal(series.time[0], hourly.time[24]);
  assert.equal(series.open[0], hourly.open[24]);
});

test('daily candles that start on a Wednesday give only the complete Monday weeks (case WEEKUSDT-1d-starts-wednesday)', () => {
  const file = fileURLToPath(new URL('../fixtures/cases/WEEKUSDT-1d-starts-wednesday.csv', import.meta.url));
  const daily = loadCandles({ exchange: 'binance', symbol: 'WEEKUSDT', timeframe: '1d', dataFile: file }).series;
  const { series, droppedLeading, droppedTrailing } = resample(daily, '1d', '1w');
  assert.deepEqual([...series.time].map((t) => new Date(t).toISOString().slice(0, 10)), ['2024-01-08', '2024-01-15']);
  assert.deepEqual([droppedLeading, droppedTrailing], [true, true]);
  // Week of 2024-01-08: the daily candles of 01-08 .. 01-14.
  const week = sliceSeries(daily, Date.UTC(2024, 0, 8), Date.UTC(2024, 0, 15));
  assert.equal(week.length, 7);
  assert.deepEqual([series.open[0], series.close[0], series.high[0], series.low[0]], [week.open[0], week.close[6], Math.max(...week.high), Math.min(...week.low)]);
});

test('a candle missing inside the data keeps its bucket and names it', () => {
  const day = hourly.time[0]! + 24 * 3_600_000;
  const withHole = sliceSeries(hourly, hourly.time[0]!, hourly.time[0]! + 72 * 3_600_000);
  const keep = [...withHole.time.keys()].filter((i) => withHole.time[i] !== day + 5 * 3_600_000);
  const holed = { length: keep.length, time: pick(withHole.time, keep), open: pick(withHole.open, keep), high: pick(withHole.high, keep), low: pick(withHole.low, keep), close: pick(withHole.close, keep), volume: pick(withHole.volume, keep) };
  const { series, withGaps } = resample(holed, '1h', '1d');
  assert.equal(series.length, 3);
  assert.deepEqual(withGaps, [day]);
});

function pick(column: Float64Array, indices: number[]): Float64Array {
  return Float64Array.from(indices, (i) => column[i]!);
}

test('resampling to a shorter or non-multiple timeframe is refused', () => {
  assert.throws(() => resample(hourly, '4h', '1h'), InputError);
  assert.throws(() => resample(hourly, '4h', '6h'), /must be a multiple/);
});
