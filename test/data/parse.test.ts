// Reading candle files in every accepted format.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/core/index.ts';
import { parseCandleFile, parseCandleText } from '../../src/data/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const T = Date.UTC(2025, 0, 1);
const H = 3_600_000;

function times(text: string): number[] {
  return parseCandleText(text, 'x.csv').rows.map((r) => r.time);
}

describe('candle file formats', () => {
  test('CSV header names are case-insensitive and the time column may be any of its names', () => {
    for (const name of ['timestamp', 'Time', 'DATE', 'datetime', 'open_time']) {
      const parsed = parseCandleText(`${name},Open,HIGH,low,Close,Volume\n${T},1,2,0.5,1.5,10\n`, 'x.csv');
      assert.deepEqual(parsed.rows[0], { time: T, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, line: 2 });
    }
  });

  test('times in milliseconds, seconds, microseconds and ISO-8601 all read as UTC ms', () => {
    const header = 'time,open,high,low,close,volume\n';
    assert.deepEqual(times(`${header}${T},1,1,1,1,1\n`), [T]);
    assert.deepEqual(times(`${header}${T / 1000},1,1,1,1,1\n`), [T]);
    assert.deepEqual(times(`${header}${T * 1000},1,1,1,1,1\n`), [T]);
    assert.deepEqual(times(`${header}2025-01-01T01:00:00Z,1,1,1,1,1\n2025-01-01 02:00:00,1,1,1,1,1\n2025-01-01T04:00:00+01:00,1,1,1,1,1\n`), [T + H, T + 2 * H, T + 3 * H]);
    assert.deepEqual(times(`${header}2025-01-01,1,1,1,1,1\n`), [T]);
  });

  test('epoch seconds, milliseconds, microseconds and nanoseconds each read as the same date, and the file names its unit', () => {
    const header = 'time,open,high,low,close,volume\n';
    for (const [unit, scale] of [['s', 1e-3], ['ms', 1], ['us', 1e3], ['ns', 1e6]] as const) {
      const text = `${header}${BigInt(T) * BigInt(scale * 1000) / 1000n},1,1,1,1,1\n${BigInt(T + H) * BigInt(scale * 1000) / 1000n},1,1,1,1,1\n`;
      const parsed = parseCandleText(text, 'x.csv');
      assert.deepEqual(parsed.rows.map((r) => r.time), [T, T + H], unit);
      assert.equal(parsed.timeUnit, unit);
    }
  });

  test('nanosecond times read as their real date, never as microseconds in the year 56971 (case BTCUSDT-1h-epoch-nanoseconds)', () => {
    const file = fileURLToPath(new URL('../fixtures/cases/BTCUSDT-1h-epoch-nanoseconds.csv', import.meta.url));
    const parsed = parseCandleFile(file);
    assert.equal(new Date(parsed.rows[0]!.time).toISOString(), '2024-12-31T21:00:00.000Z');
    assert.equal(parsed.timeUnit, 'ns');
    assert.deepEqual(parsed.problems, []);
  });

  test('one unit per file: a row in another unit is a problem on its line; a number plausible in no unit is refused', () => {
    const header = 'time,open,high,low,close,volume\n';
    const mixed = parseCandleText(`${header}${T},1,1,1,1,1\n${(T + H) / 1000},1,1,1,1,1\n`, 'x.csv');
    assert.deepEqual(mixed.rows.map((r) => r.time), [T]);
    assert.deepEqual(mixed.problems.map((p) => [p.line, p.message]), [[3, `time '${(T + H) / 1000}' is not in epoch milliseconds like the file's first time (line 2)`]]);
    const implausible = parseCandleText(`${header}20000000000,1,1,1,1,1\n`, 'x.csv');
    assert.equal(implausible.rows.length, 0);
    assert.match(implausible.problems[0]!.message, /not an epoch time in seconds, milliseconds, microseconds or nanoseconds between 1971 and 2200/);
  });

  test("Binance's 12-column kline CSV without a header", () => {
    const line = `${T},93576.00,94509.42,93489.03,94401.14,1224.68,${T + H - 1},115198000.1,201000,641.3,60330000.2,0`;
    const parsed = parseCandleText(`${line}\n`, 'BTCUSDT-1h-2025-01.csv');
    assert.deepEqual(parsed.rows[0], { time: T, open: 93576, high: 94509.42, low: 93489.03, close: 94401.14, volume: 1224.68, line: 1 });
  });

  test("Freqtrade's JSON candle arrays, and JSON objects", () => {
    const arrays = parseCandleText(JSON.stringify([[T, 1, 2, 0.5, 1.5, 10], [T + H, 1.5, 2, 1, 1.2, 3]]), 'f.json');
    assert.deepEqual(arrays.rows.map((r) => [r.time, r.close, r.line]), [[T, 1.5, 1], [T + H, 1.2, 2]]);
    const objects = parseCandleText(JSON.stringify([{ Date: '2025-01-01T00:00:00Z', Open: 1, High: 2, Low: 0.5, Close: 1.5, Volume: 10 }]), 'o.json');
    assert.equal(objects.rows[0]!.time, T);
  });

  test('gzipped files are read transparently', () => {
    const file = path.join(tempDir(), 'c.csv.gz');
    writeFileSync(file, gzipSync(`timestamp,open,high,low,close,volume\n${T},1,2,0.5,1.5,10\n`));
    assert.equal(parseCandleFile(file).rows.length, 1);
  });

  test('non-numeric cells become problems naming the line and field', () => {
    const parsed = parseCandleText(`timestamp,open,high,low,close,volume\n${T},1,2,0.5,1.5,10\n${T + H},abc,2,0.5,1.5,10\n${T + 2 * H},1,2,0.5,,10\n`, 'x.csv');
    assert.equal(parsed.rows.length, 1);
    assert.deepEqual(parsed.problems.map((p) => [p.line, p.message]), [
      [3, "open 'abc' is not a number"],
      [4, "close '' is not a number"],
    ]);
  });

  test('a file that is not candles is refused in one line naming it', () => {
    assert.throws(() => parseCandleText('name,score\nwidget,3\n', 'notes.csv'), (e: unknown) => e instanceof InputError && /^notes\.csv, line 1: not a candle file: no time column/.test(e.message));
    assert.throws(() => parseCandleText('', 'empty.csv'), /empty\.csv: empty file/);
    assert.throws(() => parseCandleText('{"a": 1', 'bad.json'), /bad\.json: invalid JSON/);
    assert.throws(() => parseCandleFile('/nonexistent/file.csv'), /file\.csv: file not found/);
  });
});
