// `npm start` on a fresh checkout: the default fleet (config/fleet.yml) paper-trades on the
// in-process simulator, its candle feeds undisturbed by the accelerated replay; bounded here by
// --exit-after-candles so the run ends by itself.
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
  const status = JSON.parse(rampart(['--db', db, 'status', '--json']).stdout) as { instance: string; symbol: string; timeframe: string; candles: number; feed: string }[];
  // The bounded run has ended, so each instance's feed reads stopped (a running one reads live).
  assert.deepEqual(
    status.map((row) => `${row.instance} ${row.symbol} ${row.timeframe} ${row.candles} ${row.feed}`).sort(),
    ['aggressive ETHUSDT 1h 1 stopped', 'balanced ADAUSDT 1d 1 stopped', 'conservative BTCUSDT 4h 1 stopped', 'regime-adaptive BTCUSDT 1h 1 stopped', 'sideways-grid XRPUSDT 1h 1 stopped'],
  );
  // The accelerated replay does not look stale to the feeds' watchdogs: each connected once, nothing else.
  const journal = JSON.parse(rampart(['--db', db, 'journal', '--json', '--limit', '100000']).stdout) as { kind: string; data: { type: string } }[];
  assert.deepEqual(journal.filter((entry) => entry.kind === 'feed').map((entry) => entry.data.type), Array(5).fill('connected'));
});
