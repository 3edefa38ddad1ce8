// The binary cache of validated candle files: the same candles as a fresh parse, never stale after
// an edit, and a damaged cache file is read past, not trusted.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadCandles } from '../../src/data/index.ts';
import { cacheFileFor } from '../../src/data/candle-cache.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';

const SOURCE = path.join(ROOT, 'data', 'binance', 'BTCUSDT-1h.csv');
const load = (dataFile: string) => loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h', dataFile }).series;
/** A copy of the bundled file with the first candle's volume changed: its own cache entry, shared with no other test. */
function uniqueCopy(volume: string): string {
  const file = path.join(tempDir(), 'btc.csv');
  const lines = readFileSync(SOURCE, 'utf8').split('\n');
  const cells = lines[1]!.split(',');
  cells[5] = volume;
  lines[1] = cells.join(',');
  writeFileSync(file, lines.join('\n'));
  return file;
}
const columns = (s: ReturnType<typeof load>) => [s.time, s.open, s.high, s.low, s.close, s.volume].map((c) => Array.from(c));

describe('candle cache', () => {
  test('a cached load gives exactly the candles of a fresh parse', () => {
    const file = path.join(tempDir(), 'btc.csv');
    copyFileSync(SOURCE, file);
    const fresh = load(file);
    assert.ok(readFileSync(cacheFileFor(file, '1h')).byteLength === 8 + fresh.length * 6 * 8, 'columns cached');
    assert.deepEqual(columns(load(file)), columns(fresh));
  });

  test('an edited file is parsed again, not served from the cache', () => {
    const file = path.join(tempDir(), 'btc.csv');
    copyFileSync(SOURCE, file);
    const before = load(file);
    copyFileSync(uniqueCopy('12345.5'), file);
    const after = load(file);
    assert.equal(after.volume[0], 12345.5);
    assert.notEqual(before.volume[0], 12345.5);
    assert.deepEqual(Array.from(after.close), Array.from(before.close));
  });

  test('a damaged cache file is ignored and rewritten', () => {
    const file = uniqueCopy(`${process.pid}.25`);
    const fresh = load(file);
    for (const size of [13, 8 + 48 * 10]) {
      truncateSync(cacheFileFor(file, '1h'), size); // torn, or cut at a row boundary
      assert.deepEqual(columns(load(file)), columns(fresh));
      assert.equal(readFileSync(cacheFileFor(file, '1h')).byteLength, 8 + fresh.length * 48);
    }
  });
});
