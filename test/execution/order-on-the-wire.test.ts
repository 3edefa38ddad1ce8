// The same intent through the order manager and either Binance client reaches the venue as the
// same request: the manager rounds once, to the market's filters, and both adapters send its
// strings unchanged. Captured at the simulator, over real HTTP.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { systemClock } from '../../src/core/index.ts';
import { OrderManager } from '../../src/execution/index.ts';
import type { OrderIntent } from '../../src/execution/index.ts';
import { Simulator } from '../../src/simulator/index.ts';
import type { ReceivedRequest } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { CLIENTS, exchangeOn } from '../exchange/fixtures.ts';
import type { ClientKind } from '../exchange/fixtures.ts';

/** Off the BTCUSDT grid (lot step 0.00001, tick 0.01) on purpose. */
const INTENTS: readonly OrderIntent[] = [
  { symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.0012345', price: '20000.019', timeInForce: 'GTC', decisionPrice: 0 },
  { symbol: 'BTC/USDT', side: 'sell', kind: 'limit', amount: '0.0012399', price: '999999.001', timeInForce: 'GTC', decisionPrice: 0 },
  { symbol: 'BTC/USDT', side: 'sell', kind: 'market', amount: '0.00200999', decisionPrice: 0 },
];

/** Each client's signature and timestamp are its own; recvWindow is each client's setting. */
const PER_CLIENT = new Set(['timestamp', 'signature', 'recvWindow']);

function orderParams(request: ReceivedRequest): Record<string, string> {
  const params = new URLSearchParams(request.body);
  for (const [key, value] of new URLSearchParams(request.query)) params.set(key, value);
  return Object.fromEntries([...params].filter(([key]) => !PER_CLIENT.has(key)).sort(([a], [b]) => (a < b ? -1 : 1)));
}

test('both Binance clients put the order manager’s rounded order on the wire, parameter for parameter', async (t) => {
  const received: ReceivedRequest[] = [];
  const sim = await Simulator.start({ balances: { USDT: 10_000, BTC: 1 }, onRequest: (r) => received.push(r) });
  t.after(() => sim.close());
  const sent: Record<string, { method: string; path: string; params: Record<string, string> }[]> = {};
  for (const client of CLIENTS as readonly ClientKind[]) {
    const exchange = await exchangeOn(sim, client);
    const store = openStore(path.join(tempDir(), `${client}.db`));
    t.after(async () => {
      store.close();
      await exchange.close();
    });
    // Same instance name, so the same clientOrderIds; each limit order is cancelled before the next client sends it.
    const om = new OrderManager({ instance: 'wire', exchange, journal: store.orders, clock: systemClock, markets: await exchange.loadMarkets() });
    received.length = 0;
    for (const intent of INTENTS) {
      const order = await om.submit(intent);
      assert.notEqual(order.status, 'rejected', `${client}: ${order.rejectReason ?? ''}`);
      if (intent.kind === 'limit') assert.equal((await om.cancel(order.clientOrderId)).status, 'canceled');
    }
    sent[client] = received.filter((r) => r.path === '/api/v3/order' && r.method === 'POST').map((r) => ({ method: r.method, path: r.path, params: orderParams(r) }));
  }
  const expected = [
    { newClientOrderId: 'wire-1', newOrderRespType: 'FULL', price: '20000.01', quantity: '0.00123', side: 'BUY', symbol: 'BTCUSDT', timeInForce: 'GTC', type: 'LIMIT' },
    { newClientOrderId: 'wire-2', newOrderRespType: 'FULL', price: '999999.01', quantity: '0.00123', side: 'SELL', symbol: 'BTCUSDT', timeInForce: 'GTC', type: 'LIMIT' },
    { newClientOrderId: 'wire-3', newOrderRespType: 'FULL', quantity: '0.00200', side: 'SELL', symbol: 'BTCUSDT', type: 'MARKET' },
  ];
  assert.deepEqual(sent['ccxt']!.map((r) => r.params), expected, 'a buy price rounds down, a sell price up, quantities down, strings unchanged');
  assert.deepEqual(sent['binance-connector'], sent['ccxt']);
});
