// The simulator's REST rules seen from raw HTTP: signatures, timestamps, request weight, bans,
// injected faults, and state that survives a restart.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator, sign } from '../../src/simulator/index.ts';

let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ balances: { USDT: 10_000, BTC: 1 } });
});

after(async () => {
  await sim.close();
});

afterEach(() => {
  sim.faults.update({ dropRate: 0, resetRate: 0, unknownStatusRate: 0, timeoutAfterAcceptRate: 0, latencyMs: 0, clockSkewMs: 0 });
});

async function signed(method: string, path: string, params: Record<string, string>, secret = LOCAL_API_SECRET, timestamp = Date.now()): Promise<Response> {
  const query = new URLSearchParams({ ...params, timestamp: String(timestamp) }).toString();
  const body = `${query}&signature=${sign(secret, query)}`;
  const url = `${sim.restUrl}${path}`;
  const headers = { 'X-MBX-APIKEY': LOCAL_API_KEY };
  return method === 'POST' ? fetch(url, { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body }) : fetch(`${url}?${body}`, { method, headers });
}

describe('signatures and timestamps', () => {
  test("HMAC-SHA256 matches Binance's documented test vector", () => {
    const payload = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    assert.equal(sign('NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j', payload), 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });

  test('a signed request with the right key and secret is served', async () => {
    const res = await signed('GET', '/api/v3/account', {});
    assert.equal(res.status, 200);
    const body = (await res.json()) as { balances: { asset: string; free: string }[] };
    assert.deepEqual(body.balances.find((b) => b.asset === 'BTC'), { asset: 'BTC', free: '1.00000000', locked: '0.00000000' });
  });

  test('bad signature -1022, unknown key -2015, old timestamp and future timestamp -1021', async () => {
    const bad = await signed('GET', '/api/v3/account', {}, 'wrong-secret');
    assert.deepEqual([bad.status, await bad.json()], [400, { code: -1022, msg: 'Signature for this request is not valid.' }]);
    const unknownKey = await fetch(`${sim.restUrl}/api/v3/account?timestamp=${Date.now()}&signature=${'0'.repeat(64)}`, { headers: { 'X-MBX-APIKEY': 'someone-else' } });
    assert.deepEqual([unknownKey.status, ((await unknownKey.json()) as { code: number }).code], [401, -2015]);
    const old = await signed('GET', '/api/v3/account', {}, LOCAL_API_SECRET, Date.now() - 10_000);
    assert.deepEqual(await old.json(), { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    const ahead = await signed('GET', '/api/v3/account', {}, LOCAL_API_SECRET, Date.now() + 5_000);
    assert.deepEqual(await ahead.json(), { code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." });
  });

  test('malformed order parameters get their Binance codes', async () => {
    const cases: [Record<string, string>, number][] = [
      [{ symbol: 'BTCUSDT', side: 'UP', type: 'LIMIT' }, -1117],
      [{ symbol: 'BTCUSDT', side: 'BUY', type: 'ICEBERG' }, -1116],
      [{ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '50000' }, -1102],
      [{ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1e-3', price: '50000' }, -1100],
      [{ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.000000001', price: '50000' }, -1111],
      [{ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', price: '50000' }, -1106],
      [{ symbol: 'NOPE', side: 'BUY', type: 'MARKET', quantity: '1' }, -1121],
      [{ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '50000.001' }, -1013],
    ];
    for (const [params, code] of cases) {
      const res = await signed('POST', '/api/v3/order', params);
      assert.equal(res.status, 400, JSON.stringify(params));
      assert.equal(((await res.json()) as { code: number }).code, code, JSON.stringify(params));
    }
  });
});

describe('request weight', () => {
  test('every reply reports the weight used; over the limit is 429, and going on is a 418 ban', async (t) => {
    const sim = await Simulator.start({ limits: { weightPerMinute: 200, strikesBeforeBan: 2, banMs: 60_000 } });
    t.after(() => sim.close());
    const first = await fetch(`${sim.restUrl}/api/v3/ping`);
    const used = Number(first.headers.get('x-mbx-used-weight-1m'));
    assert.ok(used >= 1);
    const second = await fetch(`${sim.restUrl}/api/v3/exchangeInfo`);
    assert.equal(Number(second.headers.get('x-mbx-used-weight-1m')), used + 20);
    let res = second;
    while (res.status === 200) res = await fetch(`${sim.restUrl}/api/v3/exchangeInfo`);
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    assert.equal(((await res.json()) as { code: number }).code, -1003);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${sim.restUrl}/api/v3/ping`)).status);
    assert.deepEqual(statuses, [429, 418, 418, 418], 'banned after ignoring 429s');
    const banned = await fetch(`${sim.restUrl}/api/v3/time`);
    assert.equal(banned.status, 418);
    assert.equal(Number(banned.headers.get('retry-after')), 60);
  });
});

describe('faults', () => {
  const other = async (path: string, init?: RequestInit): Promise<Response> => fetch(`${sim.restUrl}${path}`, init);

  test('a dropped connection gives the client a network error and changes nothing', async () => {
    sim.faults.update({ dropRate: 1 });
    await assert.rejects(other('/api/v3/ping'), TypeError);
    sim.faults.update({ resetRate: 1, dropRate: 0 });
    await assert.rejects(other('/api/v3/ping'), TypeError);
  });

  test('added latency delays replies', async () => {
    sim.faults.update({ latencyMs: 150 });
    const start = process.hrtime.bigint();
    await other('/api/v3/ping');
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 >= 150);
  });

  test('the admin endpoint changes faults at runtime and rejects unknown settings', async () => {
    const res = await other('/admin/faults', { method: 'POST', body: JSON.stringify({ unknownStatusRate: 1, seed: 7 }) });
    assert.equal(((await res.json()) as { unknownStatusRate: number }).unknownStatusRate, 1);
    const unknown = await other('/api/v3/time');
    assert.deepEqual([unknown.status, ((await unknown.json()) as { code: number }).code], [503, -1006]);
    const bad = await other('/admin/faults', { method: 'POST', body: JSON.stringify({ explode: true }) });
    assert.equal(bad.status, 400);
  });
});

describe('state', () => {
  test('a saved state restored into a new simulator has the same balances, orders and market position', async () => {
    sim.step(3);
    await signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '10000', newClientOrderId: 'kept-1' });
    const res = await fetch(`${sim.restUrl}/admin/state`);
    const state = await res.json();
    const open = sim.engine.openOrders();
    const restarted = await Simulator.start({ balances: {} });
    try {
      await fetch(`${restarted.restUrl}/admin/state`, { method: 'POST', body: JSON.stringify(state) });
      assert.deepEqual(restarted.engine.account.snapshot(), sim.engine.account.snapshot());
      assert.equal(open.length, 1);
      assert.deepEqual(restarted.engine.openOrders().map((o) => o.orderId), open.map((o) => o.orderId));
      assert.equal(restarted.engine.account.get('USDT').locked, 1_000_000_000n, '10 USDT still locked by the order');
      assert.equal(restarted.engine.find('BTCUSDT', undefined, 'kept-1')?.status, 'NEW');
      assert.equal(restarted.feeds.get('BTCUSDT')!.lastPrice, sim.feeds.get('BTCUSDT')!.lastPrice);
      assert.equal(restarted.feeds.get('BTCUSDT')!.time, sim.feeds.get('BTCUSDT')!.time);
    } finally {
      await restarted.close();
    }
  });
});
