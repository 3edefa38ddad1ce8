// The direct order path (src/exchange/binance-signed-rest.ts): the ccxt adapter sends Binance's new
// orders over node:http itself. Over real HTTP to the simulator: what goes on the wire (signature,
// key, clientOrderId), the venue's refusals as our errors, and every reply that is no verdict (5xx,
// a dropped connection, a timeout) left as an unknown outcome the order manager reconciles, never
// decided as failed.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import {
  AuthenticationError,
  DuplicateClientOrderId,
  ExchangeUnavailable,
  InsufficientFunds,
  InvalidOrder,
  NetworkError,
  RateLimitExceeded,
  RequestTimeout,
  systemClock,
} from '../../src/core/index.ts';
import { binanceClient, CcxtExchange } from '../../src/exchange/index.ts';
import type { Exchange } from '../../src/exchange/index.ts';
import { BinanceSignedRest } from '../../src/exchange/binance-signed-rest.ts';
import { OrderManager } from '../../src/execution/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator } from '../../src/simulator/index.ts';
import type { ReceivedRequest, SimulatorOptions } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const HIGH_LIMITS = { weightPerMinute: 10_000_000, ordersPer10s: 10_000_000 };

/** A simulator recording what it receives, and the ccxt adapter on it (`secret` the key's secret, `timeoutMs` the client's). */
async function venue(t: TestContext, options: SimulatorOptions = {}, secret = LOCAL_API_SECRET, timeoutMs = 2_000): Promise<{ sim: Simulator; exchange: Exchange; received: ReceivedRequest[] }> {
  const received: ReceivedRequest[] = [];
  const sim = await Simulator.start({ balances: { USDT: 10_000, BTC: 1 }, limits: HIGH_LIMITS, onRequest: (r) => received.push(r), ...options });
  const client = await binanceClient({ kind: 'simulator', restUrl: sim.restUrl, wsUrl: sim.wsUrl }, { apiKey: LOCAL_API_KEY, secret }, { timeoutMs });
  const exchange = new CcxtExchange('simulator', client);
  t.after(async () => {
    await exchange.close();
    await sim.close();
  });
  return { sim, exchange, received };
}

const newOrders = (received: readonly ReceivedRequest[]): ReceivedRequest[] => received.filter((r) => r.method === 'POST' && r.path === '/api/v3/order');

describe('the direct Binance order path', () => {
  test('a new order goes out signed with HMAC-SHA256 over its query, under our clientOrderId, with nothing in the body', async (t) => {
    const { sim, exchange, received } = await venue(t);
    const order = await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.00100', price: '20000.01', clientOrderId: 'direct-1' });
    assert.equal(order.status, 'open');
    assert.equal(order.clientOrderId, 'direct-1');
    assert.equal(order.symbol, 'BTC/USDT');
    assert.equal(order.price, 20_000.01);
    const [request] = newOrders(received);
    assert.equal(request?.body, '');
    const signed = request!.query.replace(/&signature=[0-9a-f]+$/, '');
    const params = new URLSearchParams(request!.query);
    assert.equal(params.get('signature'), createHmac('sha256', LOCAL_API_SECRET).update(signed).digest('hex'));
    assert.deepEqual(
      Object.fromEntries([...params].filter(([key]) => key !== 'signature' && key !== 'timestamp')),
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.00100', price: '20000.01', timeInForce: 'GTC', newClientOrderId: 'direct-1', newOrderRespType: 'FULL', recvWindow: '5000' },
    );
    assert.ok(Math.abs(Number(params.get('timestamp')) - sim.serverTime()) < 5_000, 'stamped on the venue’s clock');
  });

  for (const host of ['127.0.0.1', '::1']) {
    test(`the API key travels in X-MBX-APIKEY and kept-alive connections carry the next orders (${host})`, async (t) => {
      const seen: { key: string | undefined; port: number | undefined }[] = [];
      const server = http.createServer((req, res) => {
        seen.push({ key: req.headers['x-mbx-apikey'] as string | undefined, port: req.socket.remotePort });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"orderId":7,"clientOrderId":"k","status":"NEW","type":"LIMIT","side":"BUY","price":"1.00","origQty":"1","executedQty":"0","cummulativeQuoteQty":"0"}');
      });
      const listening = await new Promise<boolean>((resolve) => server.once('error', () => resolve(false)).listen(0, host, () => resolve(true)));
      if (!listening) return t.skip(`no ${host} on this machine`);
      const { port } = server.address() as { port: number };
      const base = host.includes(':') ? `http://[${host}]:${port}/api/v3` : `http://${host}:${port}/api/v3`;
      const rest = new BinanceSignedRest({ venue: 'test', baseUrl: base, credentials: { apiKey: 'the-key', secret: 's' }, timeoutMs: 2_000, now: () => systemClock.now() });
      try {
        for (let i = 0; i < 3; i++) assert.equal(((await rest.send('POST', '/order', { newClientOrderId: `k${i}` })).body as { orderId: number }).orderId, 7);
        assert.deepEqual(seen.map((s) => s.key), ['the-key', 'the-key', 'the-key']);
        assert.equal(new Set(seen.map((s) => s.port)).size, 1, 'one connection for the three orders');
      } finally {
        rest.close();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  }

  test("the venue's refusals arrive as our typed errors with its own words", async (t) => {
    const { exchange } = await venue(t);
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '1', price: '50000', clientOrderId: 'too-big' }), (e: Error) => e instanceof InsufficientFunds && e.message === 'simulator: Account has insufficient balance for requested action.');
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.00001', price: '20000', clientOrderId: 'too-small' }), (e: Error) => e instanceof InvalidOrder && e.message === 'simulator: Filter failure: NOTIONAL');
    await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'twice' });
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'twice' }), DuplicateClientOrderId);
  });

  test('a wrong secret is an AuthenticationError (-1022), and no key at all sends nothing', async (t) => {
    const { exchange, received } = await venue(t, {}, 'not-the-secret');
    await exchange.loadMarkets();
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.001', clientOrderId: 'bad-sig' }), (e: Error) => e instanceof AuthenticationError && /signature/i.test(e.message));
    const before = newOrders(received).length;
    const keyless = new BinanceSignedRest({ venue: 'simulator', baseUrl: 'http://127.0.0.1:9/api/v3', credentials: undefined, timeoutMs: 2_000, now: () => systemClock.now() });
    await assert.rejects(keyless.send('POST', '/order', {}), AuthenticationError);
    assert.equal(newOrders(received).length, before);
  });

  test('an order refused for the rate (429, -1015) is RateLimitExceeded with the Retry-After it was given', async (t) => {
    const { exchange } = await venue(t, { limits: { weightPerMinute: 10_000_000, ordersPer10s: 1 } });
    await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'first' });
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'second' }), (e: Error) => e instanceof RateLimitExceeded && !e.banned && e.retryAfterMs > 0);
  });

  test('a 5xx, a dropped connection and a reset are ExchangeUnavailable: the outcome is unknown', async (t) => {
    const { sim, exchange } = await venue(t);
    await exchange.loadMarkets();
    for (const fault of [{ unknownStatusRate: 1 }, { dropRate: 1 }, { resetRate: 1 }]) {
      sim.faults.update(fault);
      await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.001', clientOrderId: `fault-${Object.keys(fault)[0]}` }), ExchangeUnavailable);
      sim.faults.update({ unknownStatusRate: 0, dropRate: 0, resetRate: 0 });
    }
  });

  test('an accepted order whose reply never comes is a RequestTimeout once the client’s timeout has passed', async (t) => {
    const { sim, exchange } = await venue(t, {}, LOCAL_API_SECRET, 300);
    await exchange.loadMarkets();
    sim.faults.update({ timeoutAfterAcceptRate: 1 });
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', clientOrderId: 'silent' }), (e: Error) => e instanceof RequestTimeout && e instanceof NetworkError);
    assert.equal(sim.engine.allOrders('BTCUSDT').length, 1, 'the venue has it all the same');
  });

  test('through the order manager, orders met by 5xx and timeouts stay pending and are adopted or resent by reconciliation, none decided failed', async (t) => {
    const { sim, exchange } = await venue(t, { faults: { seed: 5 } }, LOCAL_API_SECRET, 300);
    const store = openStore(path.join(tempDir(), 'orders.db'));
    t.after(() => store.close());
    let shift = 0;
    const clock = { now: () => systemClock.now() + shift };
    const om = new OrderManager({ instance: 'direct', exchange, journal: store.orders, clock, absenceGraceMs: 1_000, markets: await exchange.loadMarkets() });
    // A 503 executes half of the orders it answers; a timeout after accept executes all of them.
    sim.faults.update({ unknownStatusRate: 1 });
    for (let i = 0; i < 6; i++) await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', timeInForce: 'GTC', decisionPrice: 20_000 });
    sim.faults.update({ unknownStatusRate: 0, timeoutAfterAcceptRate: 1 });
    await om.submit({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000', timeInForce: 'GTC', decisionPrice: 20_000 });
    sim.faults.update({ timeoutAfterAcceptRate: 0 });
    const orders = store.orders.all('direct');
    assert.deepEqual(orders.map((o) => o.status), Array(7).fill('pending'), 'no reply is no verdict');
    const executed = sim.engine.allOrders('BTCUSDT').length;
    assert.ok(executed > 1 && executed < 7, `some of the 503s executed, some did not (${executed} of 7 at the venue)`);
    shift = 1_000; // past the grace period: absence may now be decided
    const report = await om.reconcile();
    assert.deepEqual(report, { adopted: executed, resent: 7 - executed, failed: 0, unresolved: 0 });
    assert.deepEqual(store.orders.all('direct').map((o) => o.status), Array(7).fill('open'));
    assert.equal(sim.engine.allOrders('BTCUSDT').length, 7, 'one order at the venue for each of ours');
  });
});
