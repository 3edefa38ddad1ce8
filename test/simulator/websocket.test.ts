// The simulator's WebSocket side over real sockets: market streams (raw and combined), the user
// data stream of the WS API, and ccxt pro reading both.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { binanceClient } from '../../src/exchange/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator, sign } from '../../src/simulator/index.ts';

let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ balances: { USDT: 100_000, BTC: 1 }, symbols: ['BTCUSDT', 'ETHUSDT'] });
});

after(async () => {
  await sim.close();
});

/** Collects a socket's JSON messages; `next` waits for one that matches. */
function listen(ws: WebSocket): { next: (match: (m: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>> } {
  const seen: Record<string, unknown>[] = [];
  const waiting: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    const i = waiting.findIndex((w) => w.match(message));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(message);
    else seen.push(message);
  });
  return {
    next: (match) => {
      const i = seen.findIndex(match);
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0]!);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
}

async function connect(path: string): Promise<WebSocket> {
  const ws = new WebSocket(`${sim.wsUrl}${path}`);
  await once(ws, 'open');
  return ws;
}

describe('market streams', () => {
  test('a subscribed kline stream ends each candle with one closed kline equal to what /klines then returns', async () => {
    const ws = await connect('/ws/0');
    const messages = listen(ws);
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1h', 'btcusdt@trade'], id: 1 }));
    assert.deepEqual(await messages.next((m) => m['id'] === 1), { result: null, id: 1 });
    sim.step(4);
    const closed = (await messages.next((m) => m['e'] === 'kline' && (m['k'] as { x: boolean }).x)) as { k: Record<string, unknown> };
    const trade = await messages.next((m) => m['e'] === 'trade');
    assert.equal(trade['s'], 'BTCUSDT');
    const rest = (await (await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1`)).json()) as unknown[][];
    const last = rest[rest.length - 1]!;
    assert.equal(last[0], closed.k['t']);
    assert.deepEqual(
      [Number(last[1]), Number(last[2]), Number(last[3]), Number(last[4]), Number(last[5])],
      [Number(closed.k['o']), Number(closed.k['h']), Number(closed.k['l']), Number(closed.k['c']), Number(closed.k['v'])],
    );
    ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 2 }));
    assert.deepEqual((await messages.next((m) => m['id'] === 2))['result'], ['btcusdt@kline_1h', 'btcusdt@trade']);
    ws.close();
  });

  test('a combined stream wraps each payload with its stream name', async () => {
    const ws = await connect('/stream?streams=ethusdt@bookTicker');
    const messages = listen(ws);
    sim.step(1);
    const message = await messages.next((m) => m['stream'] === 'ethusdt@bookTicker');
    const data = message['data'] as Record<string, string>;
    assert.equal(data['s'], 'ETHUSDT');
    assert.ok(Number(data['b']) < Number(data['a']));
    ws.close();
  });

  test('stale streams keep the connection open and send nothing', async () => {
    const ws = await connect('/ws/stale');
    const messages = listen(ws);
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 }));
    await messages.next((m) => m['id'] === 1);
    sim.faults.update({ staleStreams: true });
    sim.step(2);
    ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 9 }));
    await messages.next((m) => m['id'] === 9);
    sim.faults.update({ staleStreams: false });
    sim.step(1);
    const trade = await messages.next((m) => m['e'] === 'trade');
    assert.equal(trade['s'], 'BTCUSDT', 'the first trade to arrive is the one after the stale period');
    ws.close();
  });
});

describe('user data', () => {
  test('a signed WS API subscription receives executionReport and outboundAccountPosition events', async () => {
    const ws = await connect('/ws-api/v3');
    const messages = listen(ws);
    const params = { apiKey: LOCAL_API_KEY, timestamp: Date.now(), recvWindow: 10_000 };
    const payload = Object.entries(params)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    ws.send(JSON.stringify({ id: 'sub', method: 'userDataStream.subscribe.signature', params: { ...params, signature: sign(LOCAL_API_SECRET, payload) } }));
    assert.deepEqual(await messages.next((m) => m['id'] === 'sub'), { id: 'sub', status: 200, result: { subscriptionId: 0 } });
    sim.engine.place({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 1_000_000n, clientOrderId: 'ws-user-1' });
    const report = (await messages.next((m) => (m['event'] as { x?: string } | undefined)?.x === 'TRADE'))['event'] as Record<string, unknown>;
    assert.equal(report['c'], 'ws-user-1');
    assert.equal(report['X'], 'FILLED');
    const position = (await messages.next((m) => (m['event'] as { e?: string } | undefined)?.e === 'outboundAccountPosition'))['event'] as { B: { a: string }[] };
    assert.deepEqual(position.B.map((b) => b.a).sort(), ['BTC', 'USDT']);
    ws.close();
  });

  test('a bad signature is refused on the WS API', async () => {
    const ws = await connect('/ws-api/v3');
    const messages = listen(ws);
    ws.send(JSON.stringify({ id: 1, method: 'userDataStream.subscribe.signature', params: { apiKey: LOCAL_API_KEY, timestamp: Date.now(), signature: 'f'.repeat(64) } }));
    const reply = await messages.next((m) => m['id'] === 1);
    assert.deepEqual(reply['error'], { code: -1022, msg: 'Signature for this request is not valid.' });
    ws.close();
  });
});

describe('ccxt pro', () => {
  test('watchOHLCV and watchOrders follow the market and the account', async () => {
    const client = await binanceClient({ kind: 'simulator', restUrl: sim.restUrl, wsUrl: sim.wsUrl }, { apiKey: LOCAL_API_KEY, secret: LOCAL_API_SECRET });
    try {
      await client.loadMarkets();
      const candles = client.watchOHLCV('BTC/USDT', '1h');
      // Subscriptions are asynchronous: keep the market moving until the first candle arrives.
      const timer = setInterval(() => sim.step(1), 20);
      const got = await candles.finally(() => clearInterval(timer));
      assert.ok(got.length >= 1);
      assert.equal(got[got.length - 1]![4], Number(sim.feeds.get('BTCUSDT')!.lastPrice) / 1e8);
      const orders = client.watchOrders('BTC/USDT');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const placed = await client.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 20_000);
      const updates = await orders;
      assert.equal(updates[updates.length - 1]!.id, placed.id);
      assert.equal(updates[updates.length - 1]!.status, 'open');
    } finally {
      await client.close();
    }
  });
});
