// The status the API gives carries each instance's drawdown (from the equity peak of its latest
// run), exposure (the position at the last close) and open exchange orders, computed on the
// server from the journal and the order store, and kept up to date as new balances are written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LiveStore } from '../../src/store/index.ts';
import { startApi } from './fixtures.ts';

const T = Date.UTC(2025, 2, 1);

function start(live: LiveStore): void {
  live.journal.append({ instance: 'f1', mode: 'testnet', kind: 'start', time: T, data: { symbol: 'BTCUSDT', timeframe: '1h', cash: 1_000 } });
}

function balance(live: LiveStore, equity: number, position: number, price: number): void {
  live.journal.append({ instance: 'f1', mode: 'testnet', kind: 'balance', time: T, candleTime: T, data: { cash: 0, position, price, equity, pnl: equity - 1_000, trades: 0, lastSignal: 'buy', riskState: 'active', candles: 1 } });
}

test('fleet and instance status carry drawdown from the run’s peak, exposure at the last close and open orders', async (t) => {
  const api = await startApi(t);
  const { live } = api.workspace;
  const token = api.tokens.viewer;
  const figures = async (url = '/api/v1/fleet') => {
    const body = (await api.call('GET', url, { token })).json;
    const s = url === '/api/v1/fleet' ? body.instances[0] : body.status;
    return [s.drawdown, s.exposure, s.openOrders];
  };
  // An earlier run's higher peak does not count for the latest run.
  start(live);
  balance(live, 5_000, 0, 100);
  start(live);
  assert.deepEqual(await figures(), [null, null, 0], 'no balance in this run yet');
  balance(live, 1_000, 2, 400);
  balance(live, 1_200, 2, 500);
  balance(live, 900, -1.5, 600);
  const [drawdown, exposure, open] = await figures();
  assert.ok(Math.abs(drawdown - 0.25) < 1e-12, `drawdown ${drawdown}`);
  assert.equal(exposure, 900);
  assert.equal(open, 0);
  // New balances are read on the next call; a new peak takes the drawdown back to 0.
  balance(live, 1_500, 1, 1_500);
  assert.deepEqual(await figures('/api/v1/instances/f1'), [0, 1_500, 0]);
  const order = { symbol: 'BTCUSDT', side: 'buy', kind: 'limit', amount: '0.001', price: '42000', timeInForce: 'GTC', decisionPrice: 42_000, venueId: null, fills: '[]', rejectReason: null, sends: 0, createdAt: T, updatedAt: T } as const;
  live.orders.create({ ...order, instance: 'f1', status: 'open' }, (seq) => `f1-${seq}`);
  live.orders.create({ ...order, instance: 'f1', status: 'filled' }, (seq) => `f1-${seq}`);
  live.orders.create({ ...order, instance: 'other', status: 'open' }, (seq) => `o-${seq}`);
  assert.deepEqual(await figures(), [0, 1_500, 1]);
  assert.deepEqual(await figures('/api/v1/instances/f1'), [0, 1_500, 1]);
});
