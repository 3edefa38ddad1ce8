// The live journal in SQLite: entries come back in the order written, filtered by instance, kind
// and time, the newest N when limited, and the latest of a kind per instance.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';

test('journal entries filter by instance, kind, time and count, oldest first', () => {
  const store = openStore(path.join(tempDir(), 'journal.db'));
  try {
    const write = (instance: string, kind: 'candle' | 'balance', time: number, data: unknown): number => store.journal.append({ instance, mode: 'paper', kind, time, candleTime: time * 10, data });
    write('a', 'candle', 1, { close: 1 });
    write('b', 'candle', 2, { close: 2 });
    write('a', 'balance', 3, { equity: 100 });
    const last = write('a', 'balance', 4, { equity: 101 });
    write('b', 'balance', 5, { equity: 50 });
    assert.deepEqual(store.journal.list({ instances: ['a'] }).map((entry) => entry.time), [1, 3, 4]);
    assert.deepEqual(store.journal.list({ kinds: ['candle'] }).map((entry) => entry.instance), ['a', 'b']);
    assert.deepEqual(store.journal.list({ since: 4 }).map((entry) => entry.time), [4, 5]);
    assert.deepEqual(store.journal.list({ limit: 2 }).map((entry) => entry.time), [4, 5], 'the newest two, oldest first');
    const latest = store.journal.latest('balance');
    assert.deepEqual(latest.map((entry) => [entry.instance, entry.data]), [['a', { equity: 101 }], ['b', { equity: 50 }]]);
    assert.equal(latest[0]!.id, last);
    assert.equal(latest[0]!.candleTime, 40);
  } finally {
    store.close();
  }
});
