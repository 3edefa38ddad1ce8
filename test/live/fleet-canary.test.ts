// Canary caps and the real-money gate of a fleet: the caps bound a canary instance's risk settings
// whatever its file says; a canary instance that passes the gate (key + acknowledgement) is still
// refused before anything connects, because its venue can only be a real exchange.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { readFleetFile } from '../../src/config/index.ts';
import { ConfigError, systemClock } from '../../src/core/index.ts';
import { Fleet, withCanaryCaps } from '../../src/live/index.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';

test('the canary caps bound max position and daily loss; tighter values in the file stay', () => {
  const caps = { capital: 1_000, maxPositionPct: 2, maxDailyLoss: 50 };
  assert.deepEqual(withCanaryCaps({ maxPositionPct: 10, maxDailyLoss: 500 }, caps), { maxPositionPct: 2, maxDailyLoss: 50 });
  assert.deepEqual(withCanaryCaps({ maxPositionPct: null, maxDailyLoss: undefined }, caps), { maxPositionPct: 2, maxDailyLoss: 50 });
  assert.deepEqual(withCanaryCaps({ maxPositionPct: 1, maxDailyLoss: 20 }, caps), { maxPositionPct: 1, maxDailyLoss: 20 });
});

test('a canary instance with key and acknowledgement is refused with the reason, and takes no lock', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ acknowledgeLive: true, instances: [{ name: 'c', mode: 'canary', venue: 'binance', key: 'main', cash: 500, symbol: 'BTCUSDT', timeframe: '1h' }] }));
  const config = readFleetFile(file);
  const store = openStore(path.join(dir, 'x.db'));
  const key = { name: 'main', exchange: 'binance', apiKey: 'k', secret: 's' };
  try {
    await assert.rejects(
      Fleet.start({ config, file, store, clock: systemClock, access: { acknowledged: false, openKeys: () => ({ get: () => key }) } }),
      (error: unknown) => error instanceof ConfigError && /instance 'c' \(mode canary\): real-money trading is not enabled in this version: its venue must be a real exchange/.test(error.message),
    );
  } finally {
    store.close();
  }
});

test('the fleet file takes an optional fleet exposure limit (quote currency)', () => {
  const dir = tempDir();
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ maxExposure: 5_000, instances: [{ name: 'a', symbol: 'BTCUSDT', timeframe: '1h' }] }));
  assert.equal(readFleetFile(file).maxExposure, 5_000);
  writeFileSync(file, stringify({ maxExposure: -1, instances: [{ name: 'a', symbol: 'BTCUSDT', timeframe: '1h' }] }));
  assert.throws(() => readFleetFile(file), ConfigError);
});
