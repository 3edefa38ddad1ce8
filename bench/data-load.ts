// Benchmark: reading a year of hourly candles from the bundled CSV (parsed and validated, and from
// the cache of validated columns that later loads use) and from SQLite.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundledFile, loadCandles, parseCandleFile, validateCandles } from '../src/data/index.ts';
import { openStore } from '../src/store/index.ts';
import { printFigure, timeBest } from './report.ts';

const file = bundledFile('binance', 'BTCUSDT', '1h')!;
const parseMs = timeBest(() => validateCandles(parseCandleFile(file), '1h'), 10);
printFigure('data.parse_validate_csv_1y_1h', Number(parseMs.toFixed(2)), 'ms');
const csvMs = timeBest(() => loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }), 10);
printFigure('data.load_csv_1y_1h_cached', Number(csvMs.toFixed(2)), 'ms');

const store = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'rampart-bench-')), 'bench.db'));
const rows = parseCandleFile(file).rows;
const insertMs = timeBest(() => store.candles.insert('binance', 'BTCUSDT', '1h', rows), 3);
printFigure('data.sqlite_insert_rows_per_s', Math.round(rows.length / (insertMs / 1000)), 'rows/s');
const loadMs = timeBest(() => store.candles.load('binance', 'BTCUSDT', '1h'), 10);
printFigure('data.sqlite_load_1y_1h', Number(loadMs.toFixed(2)), 'ms');
store.close();
