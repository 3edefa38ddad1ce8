// `rampart data` end to end: real process, real SQLite file.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.ts';
import { rampart, tempDir } from '../fixtures/cli.ts';

const T = Date.UTC(2025, 0, 1);
const H = 3_600_000;
const HEADER = 'timestamp,open,high,low,close,volume\n';
const CASES = fileURLToPath(new URL('../fixtures/cases/', import.meta.url));

function rows(count: number, start = 0): string {
  return Array.from({ length: count }, (_v, i) => `${T + (start + i) * H},1,2,0.5,1.5,10`).join('\n') + '\n';
}

describe('rampart data', () => {
  const dir = tempDir();
  const db = path.join(dir, 'rampart.db');

  test('import stores the candles and says how many and where', () => {
    const file = path.join(dir, 'good.csv');
    writeFileSync(file, HEADER + rows(48));
    const run = rampart(['data', 'import', file, '--symbol', 'solusdt', '--timeframe', '1h', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /imported 48 candles for binance SOLUSDT 1h/);
    const store = openStore(db);
    assert.equal(store.candles.load('binance', 'SOLUSDT', '1h').length, 48);
    store.close();
  });

  test('a file with a bad row is refused with file and line, and nothing is written', () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, HEADER + rows(3) + `${T + 3 * H},1,0.9,0.5,1.5,10\n` + rows(2, 4));
    const run = rampart(['data', 'import', file, '--symbol', 'BADUSDT', '--timeframe', '1h', '--db', db]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /bad\.csv:5: high 0\.9 < max\(open, close\) 1\.5/);
    assert.match(run.stderr, /nothing imported/);
    assert.doesNotMatch(run.stderr, /\bat .+:\d+:\d+/);
    const store = openStore(db);
    assert.equal(store.candles.has('binance', 'BADUSDT', '1h'), false);
    store.close();
  });

  test('--skip-invalid imports the valid rows and reports the skipped ones', () => {
    const file = path.join(dir, 'bad.csv');
    const run = rampart(['data', 'import', file, '--symbol', 'BADUSDT', '--timeframe', '1h', '--skip-invalid', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /imported 5 candles .* skipped 1 invalid row/);
  });

  test('a gap is a warning: the import goes ahead and names the gap', () => {
    const file = path.join(dir, 'gappy.csv');
    writeFileSync(file, HEADER + rows(3) + rows(3, 10));
    const run = rampart(['data', 'import', file, '--symbol', 'GAPUSDT', '--timeframe', '1h', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /warning: .*gappy\.csv:5: gap after 2025-01-01T02:00Z until 2025-01-01T10:00Z: 7 candle\(s\) missing/);
  });

  test('resample writes 4h candles into the store, and list shows stored and bundled sets', () => {
    const run = rampart(['data', 'resample', '--symbol', 'SOLUSDT', '--from-timeframe', '1h', '--to', '4h', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /into 12 complete 4h candles/);
    const list = rampart(['data', 'list', '--db', db]);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /SOLUSDT\s+4h\s+12/);
    assert.match(list.stdout, /BTCUSDT\s+1h\s+8760 .* bundled/);
  });

  test('imported candles backtest from the store', () => {
    const run = rampart(['backtest', '--symbol', 'SOLUSDT', '--timeframe', '1h', '--strategy', 'sma-cross', '--fast', '2', '--slow', '5', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /data: .*rampart\.db \(binance SOLUSDT 1h\)/);
  });

  test('validate checks the bundled files by default and exits 2 on an invalid file', () => {
    const bundled = rampart(['data', 'validate', '--db', db]);
    assert.equal(bundled.status, 0, bundled.stderr);
    assert.match(bundled.stdout, /BTCUSDT-1h\.csv: 8760 valid 1h candles, first 2024-10-01T00:00Z, last 2025-09-30T23:00Z, times in epoch milliseconds; 0 error\(s\), 0 gap\(s\)/);
    const bad = rampart(['data', 'validate', path.join(dir, 'bad.csv'), '--timeframe', '1h', '--db', db]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad\.csv:5:/);
  });

  test('nanosecond times validate with their real first candle and the unit named (case BTCUSDT-1h-epoch-nanoseconds)', () => {
    const run = rampart(['data', 'validate', path.join(CASES, 'BTCUSDT-1h-epoch-nanoseconds.csv'), '--timeframe', '1h', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /6 valid 1h candles, first 2024-12-31T21:00Z, last 2025-01-01T02:00Z, times in epoch nanoseconds; 0 error/);
    assert.doesNotMatch(run.stdout + run.stderr, /56971/);
  });

  test('daily candles from a Wednesday resample to the two complete Monday weeks only (case WEEKUSDT-1d-starts-wednesday)', () => {
    const weekDb = path.join(tempDir(), 'w.db');
    const imported = rampart(['data', 'import', path.join(CASES, 'WEEKUSDT-1d-starts-wednesday.csv'), '--symbol', 'WEEKUSDT', '--timeframe', '1d', '--db', weekDb]);
    assert.equal(imported.status, 0, imported.stderr);
    const run = rampart(['data', 'resample', '--symbol', 'WEEKUSDT', '--from-timeframe', '1d', '--to', '1w', '--db', weekDb]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /into 2 complete 1w candles .*; dropped the first and the last, incomplete bucket\(s\)/);
    const store = openStore(weekDb);
    const weeks = store.candles.load('binance', 'WEEKUSDT', '1w');
    store.close();
    assert.deepEqual([...weeks.time].map((t) => new Date(t).toISOString().slice(0, 10)), ['2024-01-08', '2024-01-15']);
  });

  test('without --timeframe the candle spacing gives it, and says so; an irregular file is refused naming the spacing', () => {
    const inferred = rampart(['data', 'import', path.join(dir, 'good.csv'), '--symbol', 'INFUSDT', '--db', db]);
    assert.equal(inferred.status, 0, inferred.stderr);
    assert.match(inferred.stderr, /good\.csv: timeframe 1h, inferred from the candle spacing/);
    assert.match(inferred.stdout, /imported 48 candles for binance INFUSDT 1h/);
    const file = path.join(dir, 'irregular.csv');
    writeFileSync(file, HEADER + [0, 1, 2.5, 4, 5.5].map((h) => `${T + h * H},1,2,0.5,1.5,10`).join('\n') + '\n');
    const irregular = rampart(['data', 'validate', file, '--db', db]);
    assert.equal(irregular.status, 2);
    assert.match(irregular.stderr, /^rampart: .*irregular\.csv.*irregular candle spacing \(1h30m ×3, 1h ×1\)/);
  });

  test('an unknown timeframe is one line and exit code 2', () => {
    const run = rampart(['data', 'import', path.join(dir, 'good.csv'), '--symbol', 'X', '--timeframe', '7h', '--db', db]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /unknown timeframe '7h'/);
  });
});

test('validate says when the candle spacing contradicts --timeframe, and prints at most 20 problems of a kind', () => {
  const run = rampart(['data', 'validate', 'data/binance/BTCUSDT-1h.csv', '--timeframe', '4h']);
  assert.equal(run.status, 2);
  const lines = run.stderr.trim().split('\n');
  assert.match(lines[0]!, /BTCUSDT-1h\.csv: warning: --timeframe 4h, but the candles are spaced 1h apart$/);
  assert.equal(lines.filter((line) => line.startsWith('error: ') && !line.startsWith('error: …')).length, 20);
  assert.ok(lines.includes('error: … and 6550 more'));
  assert.equal(lines.at(-1), 'rampart: 6570 invalid row(s) found');
});

test('a file whose dates cannot be read names the first unreadable row, not a missing timeframe', () => {
  const file = path.join(tempDir(), 'us-dates.csv');
  writeFileSync(file, 'date,open,high,low,close,volume\n01/01/2025 00:00,1,2,0.5,1.5,10\n01/01/2025 01:00,1,2,0.5,1.5,10\n');
  const run = rampart(['data', 'import', file, '--symbol', 'SOLUSDT', '--db', path.join(tempDir(), 'r.db')]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^rampart: cannot infer the timeframe: 2 row\(s\) unreadable, the first: .*us-dates\.csv:2: time '01\/01\/2025 00:00' is not a timestamp$/m);
});
