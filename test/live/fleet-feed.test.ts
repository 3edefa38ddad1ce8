// A fleet instance's candle feed under faults, against a simulator stepped by hand over real HTTP
// and WebSocket: a dropped stream and a silent one are replaced and the instance ends with every
// candle handled once, in order; a gap REST cannot fill yet pauses its decisions, which the
// journal, its status and `rampart status --json` show, until the gap is filled.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { stringify } from 'yaml';
import { readFleetFile } from '../../src/config/index.ts';
import { systemClock } from '../../src/core/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { Fleet } from '../../src/live/index.ts';
import type { InstanceStatus } from '../../src/live/index.ts';
import { Simulator } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import type { JournalEntry, Store } from '../../src/store/index.ts';
import { rampart, tempDir } from '../fixtures/cli.ts';

const START = 600;
const bundled = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;
const timeAt = (i: number): number => bundled.time[i]!;
const TICKS = 4; // the simulator's ticks per candle

interface Running {
  readonly sim: Simulator;
  readonly fleet: Fleet;
  readonly store: Store;
  readonly db: string;
}

let open: Running | undefined;

afterEach(async () => {
  await open?.fleet.stop();
  open?.store.close();
  await open?.sim.close();
  open = undefined;
});

/** One paper instance on a simulator at START (still, stepped by hand), stopping after `candles`. */
async function startFleet(candles: number): Promise<Running> {
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], timeframe: '1h', startIndex: START, speed: 0, limits: { weightPerMinute: 1_000_000 } });
  sim.step(1); // the candle at START forms: the history ends before it
  const dir = tempDir();
  const file = path.join(dir, 'fleet.yml');
  // The replay speed says how fast this market runs (it is stepped by hand here): the staleness bound is its floor, MIN_STALE_MS.
  writeFileSync(file, stringify({ simulator: { url: sim.restUrl, speed: 720_000 }, instances: [{ name: 'feedy', mode: 'paper', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'percent', sizingValue: 20 }] }));
  const db = path.join(dir, 'fleet.db');
  const store = openStore(db);
  const fleet = await Fleet.start({ config: readFleetFile(file), file, store, clock: systemClock, exitAfterCandles: candles, stopFile: path.join(dir, 'EMERGENCY_STOP'), access: { acknowledged: false, openKeys: () => assert.fail('a paper fleet opens no key store') } });
  open = { sim, fleet, store, db };
  return open;
}

function status(fleet: Fleet): InstanceStatus {
  return fleet.status()[0]!;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

function entries(store: Store, kind: JournalEntry['kind']): JournalEntry[] {
  return store.journal.list({ instances: ['feedy'], kinds: [kind] });
}

/** The instance handled the candles START … START + count − 1, once each, in order, with the replayed values. */
function assertHandled(store: Store, count: number): void {
  const candles = entries(store, 'candle');
  assert.deepEqual(
    candles.map((entry) => entry.candleTime),
    Array.from({ length: count }, (_, i) => timeAt(START + i)),
  );
  candles.forEach((entry, i) => assert.equal((entry.data as { close: number }).close, bundled.close[START + i], `close of candle ${i}`));
  assert.equal(entries(store, 'decision').length, count, 'one decision per candle');
}

test('a dropped stream and a silent one are replaced; every candle is handled once, in order', async () => {
  const { sim, fleet, store } = await startFleet(6);
  sim.step(TICKS - 1); // START closes
  await until(() => status(fleet).candles === 1, 'the first live candle');

  sim.dropWebSockets();
  sim.step(2 * TICKS); // START + 1 and START + 2 close while the stream is down
  await until(() => status(fleet).candles === 3, 'the candles missed while dropped');

  sim.faults.update({ staleStreams: true }); // the connection stays open, nothing comes
  // START + 3 and START + 4 close unseen; START + 5 opens, so REST shows START + 4 is not the newest (it closed).
  sim.step(2 * TICKS + 1);
  await until(() => status(fleet).feed === 'stale', 'the watchdog');
  await until(() => status(fleet).candles === 5, 'the silent candles, by REST once replaced');
  sim.faults.update({ staleStreams: false });
  sim.step(TICKS - 1); // START + 5 closes
  await fleet.finished();

  assertHandled(store, 6);
  const events = entries(store, 'feed').map((entry) => entry.data as { type: string; reason?: string });
  assert.equal(events[0]!.type, 'connected');
  assert.ok(events.some((e) => e.type === 'disconnected' && /connection closed/.test(e.reason!)), 'the drop journaled');
  assert.ok(events.some((e) => e.type === 'stale'), 'the silence journaled');
  const stale = entries(store, 'feed').find((entry) => (entry.data as { type: string }).type === 'stale')!;
  assert.match((stale.data as { reason: string }).reason, /no candle close for \d+ ms \(more than 2000 ms\)|silent stream/);
  assert.deepEqual(entries(store, 'stop').at(-1)!.data, { reason: 'exit after 6 candles', candles: 6 });
});

test('a gap REST cannot fill yet pauses decisions: journaled, in the status, and resumed in order once filled', async () => {
  const { sim, fleet, store, db } = await startFleet(5);
  sim.step(TICKS - 1);
  await until(() => status(fleet).candles === 1, 'the first live candle');

  sim.faults.update({ dropRate: 1 }); // REST requests are dropped; the WebSocket still connects
  sim.dropWebSockets();
  sim.step(2 * TICKS);
  const missing = `paused: missing candle ${new Date(timeAt(START + 1)).toISOString()}`;
  await until(() => status(fleet).feed === missing, 'the pause');
  const paused = entries(store, 'feed').at(-1)!.data as { type: string; missingFrom: number; reason: string; status: string };
  assert.deepEqual({ ...paused, reason: '' }, { type: 'paused', missingFrom: timeAt(START + 1), reason: '', status: missing });
  assert.match(paused.reason, /^REST backfill failed: GET \/api\/v3\/klines BTCUSDT 1h/);
  assert.equal(status(fleet).candles, 1, 'no candle, so no decision, after the gap');
  assert.equal(entries(store, 'decision').length, 1);

  const shown = rampart(['--db', db, 'status', '--json']);
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal((JSON.parse(shown.stdout) as InstanceStatus[])[0]!.feed, missing);
  assert.match(rampart(['--db', db, 'status']).stdout, /feedy .* paused: missing candle/);

  sim.faults.update({ dropRate: 0 });
  sim.step(TICKS); // START + 3 closes: REST answers, and the three candles after the first are handled in order
  await until(() => status(fleet).feed === 'live', 'the gap filled');
  // START + 3 itself comes by REST or, when REST answered before it closed, by the stream.
  // (The watchdog may also have replaced the stream meanwhile: no close for a while.)
  const resumed = entries(store, 'feed').find((entry) => (entry.data as { type: string }).type === 'resumed')!.data as { type: string; backfilled: number; status: string };
  assert.deepEqual({ ...resumed, backfilled: 0 }, { type: 'resumed', backfilled: 0, status: 'live' });
  assert.ok(resumed.backfilled === 2 || resumed.backfilled === 3, `backfilled ${resumed.backfilled}`);
  sim.step(TICKS); // and the stream goes on
  await fleet.finished();
  assertHandled(store, 5);
});
