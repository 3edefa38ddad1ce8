// The simulator is as strict as Binance and no stricter, over raw HTTP: each order type's
// parameter table, the clientOrderId character set, and every filter exchangeInfo advertises,
// each refused with Binance's code and text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Simulator } from '../../src/simulator/index.ts';
import { signedCall } from './signed.ts';
import type { Reply } from './signed.ts';

let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ balances: { USDT: 100_000_000, BTC: 1_000 }, symbols: ['BTCUSDT'], limits: { weightPerMinute: 1_000_000, ordersPer10s: 1_000_000 } });
});

after(async () => {
  await sim.close();
});

function newOrder(params: Record<string, string>): Promise<Reply<{ code?: number; msg?: string; status?: string }>> {
  return signedCall(sim, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', ...params });
}

async function refused(params: Record<string, string>, code: number, msg: string | RegExp): Promise<void> {
  const { status, body } = await newOrder(params);
  assert.equal(status, 400, `${JSON.stringify(params)} was accepted`);
  assert.equal(body.code, code, JSON.stringify(params));
  if (typeof msg === 'string') assert.equal(body.msg, msg, JSON.stringify(params));
  else assert.match(body.msg ?? '', msg, JSON.stringify(params));
}

const LIMIT = { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '20000' };

describe('parameters per order type', () => {
  test('a missing mandatory parameter is -1102, one the type does not take is -1106', async () => {
    await refused({ side: 'BUY', type: 'MARKET' }, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
    await refused({ side: 'BUY', type: 'MARKET', quantity: '0.001', quoteOrderQty: '50' }, -1106, "Parameter 'quoteOrderQty' sent when not required.");
    await refused({ side: 'BUY', type: 'MARKET', quantity: '0.001', timeInForce: 'GTC' }, -1106, "Parameter 'timeInForce' sent when not required.");
    await refused({ ...LIMIT, timeInForce: '' }, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
    await refused({ ...LIMIT, stopPrice: '19000' }, -1106, "Parameter 'stopPrice' sent when not required.");
    await refused({ ...LIMIT, quantity: '', quoteOrderQty: '50' }, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    await refused({ side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.001', price: '20000', timeInForce: 'GTC' }, -1106, "Parameter 'timeInForce' sent when not required.");
    await refused({ ...LIMIT, type: 'STOP_LOSS_LIMIT' }, -1102, "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!");
    await refused({ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '20000', price: '19000' }, -1106, "Parameter 'price' sent when not required.");
  });

  test('types and features the symbol does not list are refused as Binance refuses them', async () => {
    const info = (await (await fetch(`${sim.restUrl}/api/v3/exchangeInfo?symbol=BTCUSDT`)).json()) as { symbols: { orderTypes: string[]; icebergAllowed: boolean; allowTrailingStop: boolean }[] };
    const symbol = info.symbols[0]!;
    assert.deepEqual([symbol.orderTypes.includes('STOP_LOSS'), symbol.orderTypes.includes('TAKE_PROFIT'), symbol.icebergAllowed, symbol.allowTrailingStop], [false, false, false, false]);
    await refused({ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '20000' }, -2010, 'Stop loss orders are not supported for this symbol.');
    await refused({ side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.001', stopPrice: '900000' }, -2010, 'Take profit orders are not supported for this symbol.');
    await refused({ ...LIMIT, icebergQty: '0.0005' }, -2010, 'Iceberg orders are not supported for this symbol.');
    await refused({ ...LIMIT, type: 'STOP_LOSS_LIMIT', trailingDelta: '100' }, -2010, 'Trailing stop orders are not supported for this symbol.');
  });

  test('a market order sized by quote amount is taken', async () => {
    const { status, body } = await newOrder({ side: 'BUY', type: 'MARKET', quoteOrderQty: '50' });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, 'FILLED');
  });
});

describe('clientOrderId', () => {
  test("Binance's characters and length are taken, '.', ':' and '/' are not", async () => {
    const range = "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.";
    for (const id of ['bot.1', 'bot:1', 'bot/1', 'x'.repeat(37), 'bot 1']) await refused({ ...LIMIT, newClientOrderId: id }, -1100, range);
    for (const id of ['x-TKT5PX2F0123456789abcdef012345', 'A_b-9', 'y'.repeat(36)]) {
      const { status, body } = await newOrder({ ...LIMIT, newClientOrderId: id });
      assert.equal(status, 200, `${id}: ${JSON.stringify(body)}`);
    }
  });
});

describe('filters', () => {
  test('every filter exchangeInfo advertises is enforced with -1013 and its name', async () => {
    const info = (await (await fetch(`${sim.restUrl}/api/v3/exchangeInfo?symbol=BTCUSDT`)).json()) as { symbols: { filters: Record<string, string | number | boolean>[] }[] };
    const f = Object.fromEntries(info.symbols[0]!.filters.map((x) => [x['filterType'] as string, x]));
    const n = (filter: string, field: string): number => Number(f[filter]![field]);
    const tick = n('PRICE_FILTER', 'tickSize');
    const step = n('LOT_SIZE', 'stepSize');
    // Each advertised filter, and orders that break it (decimal strings a client could send).
    const breaking: Record<string, Record<string, string>[]> = {
      PRICE_FILTER: [
        { ...LIMIT, price: (n('PRICE_FILTER', 'maxPrice') + tick).toFixed(2) },
        { ...LIMIT, price: '20000.005' },
      ],
      LOT_SIZE: [
        { ...LIMIT, quantity: (n('LOT_SIZE', 'maxQty') + step).toFixed(5) },
        { ...LIMIT, quantity: '0.001005' },
      ],
      MARKET_LOT_SIZE: [{ side: 'SELL', type: 'MARKET', quantity: (n('MARKET_LOT_SIZE', 'maxQty') + 1).toFixed(5) }],
      NOTIONAL: [
        { ...LIMIT, quantity: '0.00001', price: '20000' },
        // Above maxNotional: 10 × 999,999 = 9,999,990 > 9,000,000 (applyMaxToMarket false: limit orders only).
        { ...LIMIT, side: 'SELL', quantity: String(Math.ceil(n('NOTIONAL', 'maxNotional') / 999_999) + 1), price: '999999.00' },
      ],
      MAX_NUM_ORDERS: [],
    };
    assert.deepEqual(Object.keys(f).sort(), Object.keys(breaking).sort(), 'a case for each advertised filter');
    for (const [filter, orders] of Object.entries(breaking)) for (const order of orders) await refused(order, -1013, `Filter failure: ${filter}`);
    // MAX_NUM_ORDERS: the open orders per symbol, then one more.
    const max = n('MAX_NUM_ORDERS', 'maxNumOrders');
    for (let i = 0; i < max; i++) {
      const { status } = await newOrder(LIMIT);
      if (status !== 200) break;
    }
    const open = (await (await fetch(`${sim.restUrl}/admin/state`)).json()) as { engine: { orders: { status: string }[] } };
    assert.ok(open.engine.orders.filter((o) => o.status === 'NEW').length >= max);
    await refused(LIMIT, -1013, 'Filter failure: MAX_NUM_ORDERS');
  });
});
