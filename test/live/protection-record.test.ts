// The protective pair read back from an instance's journal (live/protection-record.ts), over
// journals written as the kernel and the journaling venue write them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { protectionOnRecord } from '../../src/live/protection-record.ts';
import type { JournalEntry } from '../../src/store/index.ts';

/** Builds a journal: each call adds one entry of the instance, ids in order. */
function journal(): { entries: JournalEntry[]; add(kind: JournalEntry['kind'], data: Record<string, unknown>): void } {
  const entries: JournalEntry[] = [];
  return {
    entries,
    add(kind, data) {
      entries.push({ id: entries.length + 1, instance: 'bot', mode: 'testnet', kind, time: 0, candleTime: null, data });
    },
  };
}

const PROTECTION = { stopLossPct: 3, takeProfitPct: 6 };

/** A run that enters (order 1) and gets its pair placed: stop 97 (order 2), target 106 (order 3). */
function enteredRun(): ReturnType<typeof journal> {
  const j = journal();
  j.add('recovery', {});
  j.add('start', {});
  j.add('order', { event: 'submitted', orderId: 1, role: 'entry', side: 'buy', type: 'market', protection: PROTECTION });
  j.add('fill', { orderId: 1, role: 'entry', side: 'buy', qty: 1, price: 100 });
  j.add('order', { event: 'submitted', orderId: 2, role: 'stop-loss', side: 'sell', type: 'stop', price: 97 });
  j.add('order', { event: 'submitted', orderId: 3, role: 'take-profit', side: 'sell', type: 'limit', price: 106 });
  return j;
}

test('the pair placed after the last entry fill is in force, and carries over a restart', () => {
  const j = enteredRun();
  assert.deepEqual(protectionOnRecord(j.entries), { kind: 'levels', stopLoss: 97, takeProfit: 106 });
  // A restart that re-arms only the stop, then is stopped again: the level is still on record.
  j.add('recovery', {});
  j.add('start', {});
  j.add('order', { event: 'submitted', orderId: 1, role: 'stop-loss', side: 'sell', type: 'stop', price: 97 });
  j.add('recovery', {});
  j.add('start', {});
  // Order ids restart with each kernel: a cancel of the new run's order 3 is not the old target.
  j.add('order', { event: 'cancel-requested', orderId: 3 });
  assert.deepEqual(protectionOnRecord(j.entries), { kind: 'levels', stopLoss: 97, takeProfit: 106 });
});

test('the kernel’s cancel drops a leg, the venue’s report of an expired exit does not, a leg’s own fill does', () => {
  const j = enteredRun();
  j.add('order', { event: 'canceled', orderId: 2, role: 'stop-loss' });
  assert.deepEqual(protectionOnRecord(j.entries), { kind: 'levels', stopLoss: 97, takeProfit: 106 }, 'the fired stop’s exit expired: the stop watches again');
  j.add('order', { event: 'cancel-requested', orderId: 3 });
  assert.deepEqual(protectionOnRecord(j.entries), { kind: 'levels', stopLoss: 97, takeProfit: null });
  j.add('fill', { orderId: 2, role: 'stop-loss', side: 'sell', qty: 1, price: 96.5 });
  assert.equal(protectionOnRecord(j.entries), undefined, 'the stop filled: nothing is left');
});

test('an entry fill replaces the pair; an entry whose fill the journal lacks leaves its percentages', () => {
  const j = enteredRun();
  j.add('order', { event: 'submitted', orderId: 4, role: 'entry', side: 'buy', type: 'market', protection: { stopLossPct: 0, takeProfitPct: 0 } });
  j.add('fill', { orderId: 4, role: 'entry', side: 'buy', qty: 1, price: 102 });
  j.add('order', { event: 'cancel-requested', orderId: 2 });
  j.add('order', { event: 'cancel-requested', orderId: 3 });
  assert.equal(protectionOnRecord(j.entries), undefined, 'an entry without protection leaves the position without');

  const crashed = journal();
  crashed.add('recovery', {});
  crashed.add('start', {});
  crashed.add('order', { event: 'submitted', orderId: 1, role: 'entry', side: 'buy', type: 'market', protection: PROTECTION });
  // The process died after the order table took the fill and before the journal did.
  assert.deepEqual(protectionOnRecord(crashed.entries), { kind: 'percent', protection: PROTECTION });
});
