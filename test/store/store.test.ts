// The SQLite store: candles round-trip, imports are all-or-nothing, runs keep their config.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const T = Date.UTC(2025, 0, 1);
const H = 3_600_000;
const candle = (i: number) => ({ time: T + i * H, open: 1 + i, high: 2 + i, low: 0.5 + i, close: 1.5 + i, volume: 10 * i });

test('candles round-trip in order, with a time range, and upsert on the same key', () => {
  const store = openStore(path.join(tempDir(), 'a.db'));
  store.candles.insert('binance', 'TEST', '1h', [candle(2), candle(0), candle(1)]);
  store.candles.insert('binance', 'TEST', '1h', [{ ...candle(1), close: 99 }]);
  const all = store.candles.load('binance', 'TEST', '1h');
  assert.deepEqual(Array.from(all.time), [T, T + H, T + 2 * H]);
  assert.equal(all.close[1], 99);
  const range = store.candles.load('binance', 'TEST', '1h', { from: T + H, to: T + 2 * H });
  assert.deepEqual(Array.from(range.time), [T + H]);
  assert.deepEqual(store.candles.list(), [{ exchange: 'binance', symbol: 'TEST', timeframe: '1h', count: 3, first: T, last: T + 2 * H }]);
  store.close();
});

test('an insert that fails part-way leaves the store unchanged', () => {
  const store = openStore(path.join(tempDir(), 'b.db'));
  store.candles.insert('binance', 'TEST', '1h', [candle(0)]);
  const bad = [candle(1), { ...candle(2), open: null as unknown as number }];
  assert.throws(() => store.candles.insert('binance', 'TEST', '1h', bad));
  assert.equal(store.candles.load('binance', 'TEST', '1h').length, 1);
  store.close();
});

test('runs keep their config and summary, with Infinity stored as null', () => {
  const file = path.join(tempDir(), 'c.db');
  const store = openStore(file);
  const id = store.runs.save({ kind: 'backtest', createdAt: 5, config: { symbol: 'X', fee: 0.001 }, summary: { profitFactor: Infinity } });
  store.close();
  const reopened = openStore(file);
  assert.deepEqual(reopened.runs.get(id), { id, kind: 'backtest', createdAt: 5, config: { symbol: 'X', fee: 0.001 }, summary: { profitFactor: null } });
  assert.equal(reopened.runs.get(id + 1), undefined);
  reopened.close();
});
