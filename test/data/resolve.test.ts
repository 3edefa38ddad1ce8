// Which candles a run uses: one rule for every command, on a real SQLite store.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { candlesFromSeries, headSeries, InputError } from '../../src/core/index.ts';
import { describeDataSet, loadCandles, resolveDataSet } from '../../src/data/index.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const bundled = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;

function storeWith(count: number) {
  const store = openStore(path.join(tempDir(), 'r.db'));
  store.candles.insert('binance', 'BTCUSDT', '1h', candlesFromSeries(headSeries(bundled, count)));
  return store;
}

describe('data set resolution', () => {
  test('a stored set shorter than the bundled one is refused under auto, naming both, and used only when asked for', () => {
    const store = storeWith(511);
    try {
      const request = { store, exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' } as const;
      assert.throws(() => resolveDataSet(request), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /holds 511 binance BTCUSDT 1h candles \(2024-10-01 00:00 → 2024-10-22 06:00\), fewer than the 8760 bundled ones .*--source store or --source bundled/);
        return true;
      });
      const stored = resolveDataSet({ ...request, source: 'store' });
      assert.deepEqual([stored.kind, stored.series.length], ['store', 511]);
      const shipped = resolveDataSet({ ...request, source: 'bundled' });
      assert.deepEqual([shipped.kind, shipped.series.length], ['bundled', 8760]);
    } finally {
      store.close();
    }
  });

  test('under auto the only set there is is used, and a stored set at least as long as the bundled one wins', () => {
    const empty = openStore(path.join(tempDir(), 'e.db'));
    assert.equal(resolveDataSet({ store: empty, exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).kind, 'bundled');
    assert.throws(() => resolveDataSet({ store: empty, exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h', source: 'store' }), /no binance BTCUSDT 1h candles in the store/);
    empty.close();
    const full = storeWith(8760);
    try {
      assert.equal(resolveDataSet({ store: full, exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).kind, 'store');
    } finally {
      full.close();
    }
  });

  test('the line a run prints names source, symbol, timeframe, count and range', () => {
    const set = resolveDataSet({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' });
    assert.equal(describeDataSet(set), 'data: bundled binance BTCUSDT 1h, 8760 candles, 2024-10-01 00:00 → 2025-09-30 23:00 (data/binance/BTCUSDT-1h.csv)');
    const lines: string[] = [];
    loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h', from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 2), warmup: 10, announce: (line) => lines.push(line) });
    assert.deepEqual(lines, ['data: bundled binance BTCUSDT 1h, 24 of its 8760 candles, 2025-01-01 00:00 → 2025-01-01 23:00 (data/binance/BTCUSDT-1h.csv)']);
  });
});
