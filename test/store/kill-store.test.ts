// The kill switch's records in SQLite: flags that outlive the store handle (and so a restart), the
// first setter kept, resume lifting them, triggers claimed once, and the instances a store knows.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { FLEET_SCOPE, openStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const T = Date.UTC(2026, 0, 5);

describe('kill store', () => {
  test('a kill flag persists across a new store handle, with who set it, when and why', () => {
    const file = path.join(tempDir(), 'kill.db');
    const first = openStore(file);
    const set = first.kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'cli', reason: 'exchange outage', time: T });
    assert.equal(set.wasSet, false);
    assert.equal(set.event.status, 'pending');
    first.close();

    const second = openStore(file);
    assert.deepEqual(second.kills.flags(), [{ scope: FLEET_SCOPE, source: 'cli', reason: 'exchange outage', setAt: T }]);
    assert.equal(second.kills.pending().length, 1, 'the request waits for a fleet across the restart too');
    second.close();
  });

  test('a second kill keeps the first setter; resume lifts every flag and says what it lifted', () => {
    const store = openStore(path.join(tempDir(), 'kill.db'));
    store.kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'file', reason: 'EMERGENCY_STOP present', time: T });
    const again = store.kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'cli', reason: 'again', time: T + 1 });
    assert.equal(again.wasSet, true);
    assert.deepEqual(again.flag, { scope: FLEET_SCOPE, source: 'file', reason: 'EMERGENCY_STOP present', setAt: T });
    store.kills.trigger({ scope: 'macd-btc', action: 'close-all', source: 'cli', reason: 'stop it', time: T + 2 });

    const one = store.kills.trigger({ scope: 'macd-btc', action: 'resume', source: 'cli', reason: '', time: T + 3 });
    assert.equal(one.event.outcome, 'lifted instance macd-btc');
    assert.deepEqual(store.kills.flags().map((f) => f.scope), [FLEET_SCOPE]);
    const all = store.kills.trigger({ scope: FLEET_SCOPE, action: 'resume', source: 'cli', reason: '', time: T + 4 });
    assert.equal(all.event.status, 'done');
    assert.equal(all.event.outcome, 'lifted the fleet');
    assert.deepEqual(store.kills.flags(), []);
    const none = store.kills.trigger({ scope: FLEET_SCOPE, action: 'resume', source: 'cli', reason: '', time: T + 5 });
    assert.equal(none.event.outcome, 'nothing to resume: no kill flag was set');
    assert.deepEqual(store.kills.events().map((e) => e.action), ['resume', 'resume', 'resume', 'close-all', 'kill', 'kill'], 'every trigger journaled, newest first');
    store.close();
  });

  test('a trigger is claimed once; one claimed by a process that died goes back to pending at the next start', () => {
    const file = path.join(tempDir(), 'kill.db');
    const a = openStore(file);
    const b = openStore(file);
    const { event } = a.kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'cli', reason: 'x', time: T });
    assert.equal(a.kills.claim(event.id), true);
    assert.equal(b.kills.claim(event.id), false, 'the other handle cannot take it too');
    assert.deepEqual(b.kills.pending(), []);
    assert.equal(b.kills.requeueInterrupted(), 1);
    assert.equal(b.kills.claim(event.id), true);
    b.kills.finish(event.id, 'kill of the fleet: nothing was left to do (no open orders)', { canceled: [] }, T + 10);
    assert.deepEqual(a.kills.event(event.id), { ...event, status: 'done', outcome: 'kill of the fleet: nothing was left to do (no open orders)', report: { canceled: [] }, doneAt: T + 10 });
    a.close();
    b.close();
  });

  test('the instances a store knows are those a fleet registered and those with orders', () => {
    const store = openStore(path.join(tempDir(), 'kill.db'));
    store.kills.registerInstances(['grid-eth', 'macd-btc'], T);
    store.orders.create(
      { instance: 'old-bot', symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.001', price: null, timeInForce: null, decisionPrice: 100, status: 'pending', venueId: null, fills: '[]', rejectReason: null, sends: 0, createdAt: T, updatedAt: T },
      (seq) => `old-bot-${seq}`,
    );
    store.kills.registerInstances(['macd-btc'], T + 1);
    assert.deepEqual(store.kills.knownInstances(), ['grid-eth', 'macd-btc', 'old-bot']);
    store.close();
  });
});
