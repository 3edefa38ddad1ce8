// `rampart journal --kind K[,K…]`: only the entries of those kinds, from a journal in a real SQLite
// file; a kind the journal does not have is a one-line error naming it, exit 2.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { JOURNAL_KINDS, openStore } from '../../src/store/index.ts';
import type { JournalEntry, JournalKind } from '../../src/store/index.ts';
import { rampart, tempDir } from '../fixtures/cli.ts';

const db = path.join(tempDir('rampart-journal-kind-'), 'fleet.db');
const WRITTEN: readonly JournalKind[] = ['start', 'candle', 'decision', 'order', 'fill', 'candle', 'trade', 'balance', 'stop'];

before(() => {
  const store = openStore(db);
  try {
    WRITTEN.forEach((kind, i) => store.journal.append({ instance: 'bot', mode: 'paper', kind, time: Date.UTC(2025, 0, 1) + i, data: { n: i } }));
  } finally {
    store.close();
  }
});

function journal(...args: string[]): JournalEntry[] {
  const run = rampart(['--db', db, 'journal', '--json', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as JournalEntry[];
}

test('--kind keeps only the entries of the kinds named, in the order written', () => {
  assert.equal(journal().length, WRITTEN.length);
  assert.deepEqual(journal('--kind', 'candle').map((entry) => [entry.kind, (entry.data as { n: number }).n]), [['candle', 1], ['candle', 5]]);
  assert.deepEqual(journal('--kind', 'trade,fill').map((entry) => entry.kind), ['fill', 'trade']);
  assert.deepEqual(journal('--kind', 'stop, start').map((entry) => entry.kind), ['start', 'stop']);
});

test('an unknown kind is a one-line error naming it and the kinds there are, exit 2', () => {
  const run = rampart(['--db', db, 'journal', '--kind', 'fill,trades']);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.ok(run.stderr.includes(`--kind: 'trades' is not a journal kind (one of ${JOURNAL_KINDS.join(', ')})`), run.stderr);
});
