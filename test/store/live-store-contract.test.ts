// The live records' contract (journal, orders, kill switch), run against both stores: the SQLite
// file and PostgreSQL (127.0.0.1:5432, database `test`, a schema of its own per test, dropped
// after). Each behaviour the fleet and the commands rely on holds the same in both.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { OrderRecord } from '../../src/core/index.ts';
import { FLEET_SCOPE, openPgLiveStore, openStore } from '../../src/store/index.ts';
import type { LiveStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { pgSchema } from '../fixtures/pg.ts';

const T = Date.UTC(2026, 0, 5);

/** A place for one test's records: each `open` is a new handle (a new connection) on the same data. */
interface Place {
  open(): LiveStore;
  drop(): Promise<void>;
}

const BACKENDS: { name: string; place: () => Promise<Place> }[] = [
  {
    name: 'SQLite',
    place: async () => {
      const file = path.join(tempDir(), 'live.db');
      return { open: () => openStore(file), drop: async () => undefined };
    },
  },
  {
    name: 'PostgreSQL',
    place: async () => {
      const schema = await pgSchema('contract');
      return { open: () => openPgLiveStore(schema.url), drop: schema.drop };
    },
  },
];

/** Runs `body` with a fresh place, closing every handle it opened and dropping the place after. */
async function within(backend: (typeof BACKENDS)[number], body: (open: () => LiveStore) => void): Promise<void> {
  const place = await backend.place();
  const opened: LiveStore[] = [];
  try {
    body(() => {
      const store = place.open();
      opened.push(store);
      return store;
    });
  } finally {
    for (const store of opened) store.close();
    await place.drop();
  }
}

function order(instance: string, fields: Partial<OrderRecord> = {}): Omit<OrderRecord, 'seq' | 'clientOrderId'> {
  return { instance, symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '42000.5', timeInForce: 'GTC', decisionPrice: 0.1 + 0.2, status: 'pending', venueId: null, fills: '[]', rejectReason: null, sends: 0, createdAt: T, updatedAt: T, ...fields };
}

for (const backend of BACKENDS) {
  describe(`live store contract: ${backend.name}`, () => {
    test('journal entries filter by instance, kind, time and count, oldest first; the latest of a kind per instance', () =>
      within(backend, (open) => {
        const store = open();
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
        assert.deepEqual(store.journal.list({ instances: ['a', 'b'], kinds: ['balance'], since: 4, limit: 1 }).map((entry) => entry.time), [5]);
        const latest = store.journal.latest('balance');
        assert.deepEqual(latest.map((entry) => [entry.instance, entry.data]), [['a', { equity: 101 }], ['b', { equity: 50 }]]);
        assert.equal(latest[0]!.id, last);
        assert.equal(latest[0]!.candleTime, 40);
      }));

    test('a journal entry is readable from another handle as soon as append returns, its data and times exact', () =>
      within(backend, (open) => {
        const writer = open();
        const reader = open();
        const data = { price: 0.1 + 0.2, note: 'ünïcödé "quoted" ?', nested: [1, null, { deep: true }] };
        const id = writer.journal.append({ instance: 'Z-bot', mode: 'testnet', kind: 'decision', time: T + 1, data });
        writer.journal.append({ instance: 'a-bot', mode: 'paper', kind: 'decision', time: T + 2, candleTime: T, data: null });
        const [first, second] = reader.journal.list();
        assert.deepEqual(first, { id, instance: 'Z-bot', mode: 'testnet', kind: 'decision', time: T + 1, candleTime: null, data });
        assert.equal(second!.id, id + 1, 'ids in the order written');
        assert.equal(second!.candleTime, T);
        assert.deepEqual(reader.journal.latest('decision').map((entry) => entry.instance), ['Z-bot', 'a-bot'], 'names in code-point order');
      }));

    test('orders: each instance numbers its own, updates and the not-final set read back exactly', () =>
      within(backend, (open) => {
        const store = open();
        const first = store.orders.create(order('bot'), (seq) => `bot-${seq}`);
        const second = store.orders.create(order('bot', { side: 'sell', kind: 'market', price: null, timeInForce: null }), (seq) => `bot-${seq}`);
        const other = store.orders.create(order('other'), (seq) => `other-${seq}`);
        assert.deepEqual([first.seq, second.seq, other.seq], [1, 2, 1]);
        store.orders.update({ ...first, status: 'filled', venueId: '991', fills: '[{"amount":0.001}]', sends: 1, updatedAt: T + 5 });
        const reread = open();
        assert.deepEqual(reread.orders.get('bot-1'), { ...first, status: 'filled', venueId: '991', fills: '[{"amount":0.001}]', sends: 1, updatedAt: T + 5 });
        assert.equal(reread.orders.get('bot-1')!.decisionPrice, 0.1 + 0.2, 'a double round-trips exactly');
        assert.deepEqual(reread.orders.get('bot-2'), second);
        assert.deepEqual(reread.orders.notFinal('bot').map((o) => o.clientOrderId), ['bot-2']);
        assert.deepEqual(reread.orders.all('bot').map((o) => o.clientOrderId), ['bot-1', 'bot-2']);
        assert.equal(reread.orders.get('nope'), undefined);
      }));

    test('orders: adopting an order already on record is refused; a create that fails writes nothing', () =>
      within(backend, (open) => {
        const store = open();
        const made = store.orders.create(order('bot'), (seq) => `bot-${seq}`);
        assert.throws(() => store.orders.insert({ ...made, seq: 9 }), /UNIQUE|duplicate key/);
        assert.throws(() =>
          store.orders.create(order('bot'), () => {
            throw new Error('no id');
          }),
        /no id/);
        store.orders.insert({ ...made, clientOrderId: 'adopted-7', seq: 7 });
        assert.deepEqual(store.orders.all('bot').map((o) => [o.seq, o.clientOrderId]), [[1, 'bot-1'], [7, 'adopted-7']]);
        assert.equal(store.orders.create(order('bot'), (seq) => `bot-${seq}`).seq, 8, 'the store still works after the rollback');
      }));

    test('a kill flag persists across a new handle, with who set it, when and why', () =>
      within(backend, (open) => {
        const first = open();
        const set = first.kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'cli', reason: 'exchange outage', time: T });
        assert.equal(set.wasSet, false);
        assert.equal(set.event.status, 'pending');
        first.close();
        const second = open();
        assert.deepEqual(second.kills.flags(), [{ scope: FLEET_SCOPE, source: 'cli', reason: 'exchange outage', setAt: T }]);
        assert.equal(second.kills.pending().length, 1, 'the request waits for a fleet across the restart too');
      }));

    test('a second kill keeps the first setter; resume lifts every flag and says what it lifted', () =>
      within(backend, (open) => {
        const store = open();
        store.kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'file', reason: 'EMERGENCY_STOP present', time: T });
        const again = store.kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'cli', reason: 'again', time: T + 1 });
        assert.equal(again.wasSet, true);
        assert.deepEqual(again.flag, { scope: FLEET_SCOPE, source: 'file', reason: 'EMERGENCY_STOP present', setAt: T });
        store.kills.trigger({ scope: 'macd-btc', action: 'close-all', source: 'cli', reason: 'stop it', time: T + 2 });
        store.kills.trigger({ scope: 'Grid', action: 'kill', source: 'cli', reason: 'x', time: T + 2 });
        assert.deepEqual(store.kills.flags().map((f) => f.scope), [FLEET_SCOPE, 'Grid', 'macd-btc'], "the fleet's first, then code-point order");

        const one = store.kills.trigger({ scope: 'macd-btc', action: 'resume', source: 'cli', reason: '', time: T + 3 });
        assert.equal(one.event.outcome, 'lifted instance macd-btc');
        assert.deepEqual(store.kills.flags().map((f) => f.scope), [FLEET_SCOPE, 'Grid']);
        const all = store.kills.trigger({ scope: FLEET_SCOPE, action: 'resume', source: 'cli', reason: '', time: T + 4 });
        assert.equal(all.event.status, 'done');
        assert.equal(all.event.outcome, 'lifted the fleet, instance Grid');
        assert.deepEqual(store.kills.flags(), []);
        const none = store.kills.trigger({ scope: FLEET_SCOPE, action: 'resume', source: 'cli', reason: '', time: T + 5 });
        assert.equal(none.event.outcome, 'nothing to resume: no kill flag was set');
        assert.deepEqual(store.kills.events().map((e) => e.action), ['resume', 'resume', 'resume', 'kill', 'close-all', 'kill', 'kill'], 'every trigger journaled, newest first');
        assert.deepEqual(store.kills.events(2).map((e) => e.id), [all.event.id + 1, all.event.id]);
      }));

    test('a trigger is claimed once across handles; one claimed by a process that died goes back to pending', () =>
      within(backend, (open) => {
        const a = open();
        const b = open();
        const { event } = a.kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'cli', reason: 'x', time: T });
        assert.equal(a.kills.claim(event.id), true);
        assert.equal(b.kills.claim(event.id), false, 'the other handle cannot take it too');
        assert.deepEqual(b.kills.pending(), []);
        assert.equal(b.kills.requeueInterrupted(), 1);
        assert.equal(b.kills.claim(event.id), true);
        b.kills.finish(event.id, 'kill of the fleet: nothing was left to do (no open orders)', { canceled: [] }, T + 10);
        assert.deepEqual(a.kills.event(event.id), { ...event, status: 'done', outcome: 'kill of the fleet: nothing was left to do (no open orders)', report: { canceled: [] }, doneAt: T + 10 });
      }));

    test('the instances a store knows are those a fleet registered and those with orders, in code-point order', () =>
      within(backend, (open) => {
        const store = open();
        store.kills.registerInstances(['grid-eth', 'macd-btc', 'Zeta'], T);
        store.orders.create(order('old-bot', { kind: 'market', price: null, timeInForce: null }), (seq) => `old-bot-${seq}`);
        store.kills.registerInstances(['macd-btc'], T + 1);
        assert.deepEqual(store.kills.knownInstances(), ['Zeta', 'grid-eth', 'macd-btc', 'old-bot']);
      }));
  });
}
