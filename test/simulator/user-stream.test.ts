// The user data stream tells the same story as the REST API: for every order of a random order
// flow (market orders by quantity and by quote amount, limit GTC/IOC/FOK, post-only, cancels,
// resting orders filled by the market), the last executionReport carries the status REST shows.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { seededRng } from '../../src/core/index.ts';
import { LOCAL_API_KEY, Simulator } from '../../src/simulator/index.ts';
import { signedCall } from './signed.ts';

interface Report {
  readonly e: string;
  readonly i: number;
  readonly c: string;
  readonly X: string;
}

test('the last streamed status of every order equals its REST status, quote-amount market orders included', async (t) => {
  const sim = await Simulator.start({ balances: { USDT: 1_000_000, BTC: 100 }, symbols: ['BTCUSDT'], limits: { weightPerMinute: 1_000_000, ordersPer10s: 1_000_000 } });
  t.after(() => sim.close());
  const { listenKey } = (await (await fetch(`${sim.restUrl}/api/v3/userDataStream`, { method: 'POST', headers: { 'X-MBX-APIKEY': LOCAL_API_KEY } })).json()) as { listenKey: string };
  const ws = new WebSocket(`${sim.wsUrl}/ws/${listenKey}`);
  t.after(() => ws.terminate());
  await once(ws, 'open');
  const streamed = new Map<number, string>();
  let markerDone: () => void = () => {};
  const marker = new Promise<void>((resolve) => (markerDone = resolve));
  ws.on('message', (data) => {
    const event = JSON.parse(data.toString()) as Report;
    if (event.e !== 'executionReport') return;
    streamed.set(event.i, event.X);
    if (event.c === 'marker' && event.X === 'FILLED') markerDone();
  });

  const rng = seededRng(13);
  const order = (params: Record<string, string>) => signedCall<{ orderId?: number; code?: number }>(sim, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', ...params });
  const last = (): number => Number(sim.feeds.get('BTCUSDT')!.lastPrice) / 1e8;
  const near = (factor: number): string => (last() * factor).toFixed(2);
  const open: number[] = [];
  for (let i = 0; i < 150; i++) {
    const side = rng.next() < 0.5 ? 'BUY' : 'SELL';
    const r = rng.next();
    let reply;
    if (r < 0.2) reply = await order({ side, type: 'MARKET', quoteOrderQty: (20 + rng.next() * 500).toFixed(2) });
    else if (r < 0.35) reply = await order({ side, type: 'MARKET', quantity: '0.00300' });
    else if (r < 0.6) reply = await order({ side, type: 'LIMIT', timeInForce: 'GTC', quantity: '0.00200', price: near(side === 'BUY' ? 0.999 : 1.001) });
    else if (r < 0.7) {
      // Crossing, it fills; not crossing, it expires at once.
      const crossing = rng.next() < 0.5;
      reply = await order({ side, type: 'LIMIT', timeInForce: rng.next() < 0.5 ? 'IOC' : 'FOK', quantity: '0.00200', price: near((side === 'BUY') === crossing ? 1.001 : 0.999) });
    }
    else if (r < 0.8) reply = await order({ side, type: 'LIMIT_MAKER', quantity: '0.00200', price: near(side === 'BUY' ? 0.99 : 1.01) });
    else if (r < 0.9 && open.length > 0) {
      const orderId = open.splice(Math.floor(rng.next() * open.length), 1)[0]!;
      await signedCall(sim, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: String(orderId) });
    } else sim.step(1);
    if (reply?.body.orderId !== undefined) open.push(reply.body.orderId);
  }
  // Reports on one connection arrive in order: once the marker's last one is in, every earlier one is.
  await order({ side: 'BUY', type: 'MARKET', quantity: '0.00100', newClientOrderId: 'marker' });
  await marker;

  const rest = (await signedCall<{ orderId: number; status: string; origQuoteOrderQty: string }[]>(sim, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSDT', limit: '1000' })).body;
  assert.ok(rest.length > 100);
  const quoteFilled = rest.filter((o) => Number(o.origQuoteOrderQty) > 0 && o.status === 'FILLED');
  assert.ok(quoteFilled.length > 10, 'quote-amount market orders were filled');
  const mismatched = rest.filter((o) => streamed.get(o.orderId) !== o.status).map((o) => `${o.orderId}: REST ${o.status}, stream ${streamed.get(o.orderId)}`);
  assert.deepEqual(mismatched, []);
  assert.deepEqual(new Set(rest.map((o) => o.status)), new Set(['NEW', 'FILLED', 'CANCELED', 'EXPIRED']), 'the flow reached every status it can');
});
