// Resampling reproduces the exchange's own longer candles exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError, sliceSeries } from '../../src/core/index.ts';
import { loadCandles, resample } from '../../src/data/index.ts';

const hourly = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;

for (const to of ['4h', '1d'] as const) {
  test(`1h resampled to ${to} equals Binance's own ${to} candles`, () => {
    const expected = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: to }).series;
    const { series, droppedPartial } = resample(hourly, '1h', to);
    assert.equal(droppedPartial, false);
    assert.equal(series.length, expected.length);
    for (const column of ['time', 'open', 'high', 'low', 'close'] as const) assert.deepEqual(series[column], expected[column], column);
    for (let i = 0; i < series.length; i++) assert.ok(Math.abs(series.volume[i]! - expected.volume[i]!) <= 1e-9 * expected.volume[i]!);
  });
}

test('a trailing incomplete bucket is dropped', () => {
  const partial = sliceSeries(hourly, hourly.time[0]!, hourly.time[0]! + 30 * 3_600_000);
  const { series, droppedPartial } = resample(partial, '1h', '1d');
  assert.equal(droppedPartial, true);
  assert.equal(series.length, 1);
});

test('resampling to a shorter or non-multiple timeframe is refused', () => {
  assert.throws(() => resample(hourly, '4h', '1h'), InputError);
  assert.throws(() => resample(hourly, '4h', '6h'), /must be a multiple/);
});
