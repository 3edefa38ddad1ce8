// `npm start` on a fresh checkout: the default fleet (config/fleet.yml) paper-trades on the
// in-process simulator; bounded here by --exit-after-candles so the run ends by itself.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { rampart, tempDir } from '../fixtures/cli.ts';

test('start runs the default fleet of five paper instances and journals them', () => {
  const dir = tempDir();
  const db = path.join(dir, 'rampart.db');
  const run = rampart(['--db', db, 'start', '--exit-after-candles', '1'], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  for (const name of ['conservative', 'aggressive', 'balanced', 'sideways-grid', 'regime-adaptive']) {
    assert.match(run.stdout, new RegExp(`^${name} +paper +`, 'm'));
  }
  const status = JSON.parse(rampart(['--db', db, 'status', '--json']).stdout) as { instance: string; symbol: string; timeframe: string; candles: number }[];
  assert.deepEqual(
    status.map((row) => `${row.instance} ${row.symbol} ${row.timeframe} ${row.candles}`).sort(),
    ['aggressive ETHUSDT 1h 1', 'balanced ADAUSDT 1d 1', 'conservative BTCUSDT 4h 1', 'regime-adaptive BTCUSDT 1h 1', 'sideways-grid XRPUSDT 1h 1'],
  );
});
