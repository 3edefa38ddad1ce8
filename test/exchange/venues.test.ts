// The Coinbase and Kraken adapters through ccxt's real HTTP path, against the venues' recorded
// replies (test/fixtures/venues, provenance in its README): markets with their symbols and
// precision, balances, and every refusal arriving as our typed error naming the venue's reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AuthenticationError, BadSymbol, ExchangeUnavailable, InsufficientFunds, InvalidOrder, OrderNotFound, RateLimitExceeded } from '../../src/core/index.ts';
import { CcxtExchange, ccxtVenueClient } from '../../src/exchange/index.ts';
import type { CcxtVenueId, ExchangeMarket } from '../../src/exchange/index.ts';
import { serveRecording } from './recorded-venue.ts';
import type { RecordedReply, RecordedVenue } from './recorded-venue.ts';

const CREDENTIALS = { apiKey: 'recorded-key', secret: Buffer.from('recorded-secret').toString('base64') };

async function open(id: CcxtVenueId, recording: Record<string, RecordedReply>): Promise<{ venue: RecordedVenue; exchange: CcxtExchange }> {
  const venue = await serveRecording(recording);
  return { venue, exchange: new CcxtExchange(id, ccxtVenueClient(id, CREDENTIALS, { restUrl: venue.url, timeoutMs: 2_000, throttle: false })) };
}

const bySymbol = (markets: ExchangeMarket[]): Record<string, ExchangeMarket> => Object.fromEntries(markets.map((m) => [m.symbol, m]));

describe('Kraken adapter on recorded replies', () => {
  const recording: Record<string, RecordedReply> = {
    'GET /0/public/Assets': { file: 'kraken/Assets.json' },
    'GET /0/public/AssetPairs': { file: 'kraken/AssetPairs.json' },
  };
  let venue: RecordedVenue;
  let exchange: CcxtExchange;
  before(async () => ({ venue, exchange } = await open('kraken', recording)));
  after(async () => {
    await exchange.close();
    await venue.close();
  });

  test("markets: Kraken's asset codes become common symbols, decimals become steps", async () => {
    const markets = bySymbol(await exchange.loadMarkets());
    assert.deepEqual(Object.keys(markets).sort(), ['ADA/USDT', 'BTC/USD', 'BTC/USDT', 'DOGE/USDT', 'ETH/USDT', 'LTC/USDT', 'XRP/USD', 'XRP/USDT']);
    assert.deepEqual(markets['BTC/USD'], { symbol: 'BTC/USD', id: 'XXBTZUSD', base: 'BTC', quote: 'USD', tickSize: 0.1, lotStep: 1e-8, minQty: 0.0001, minNotional: 0.5 });
    assert.deepEqual(markets['DOGE/USDT'], { symbol: 'DOGE/USDT', id: 'XDGUSDT', base: 'DOGE', quote: 'USDT', tickSize: 0.00001, lotStep: 1e-8, minQty: 80, minNotional: 0.5 });
    assert.deepEqual(markets['ADA/USDT'], { symbol: 'ADA/USDT', id: 'ADAUSDT', base: 'ADA', quote: 'USDT', tickSize: 0.000001, lotStep: 1e-8, minQty: 20, minNotional: 0.5 });
  });

  test('balances come back under common codes', async () => {
    recording['POST /0/private/BalanceEx'] = { body: { error: [], result: { XXBT: { balance: '0.5000000000', hold_trade: '0.1000000000' }, ZUSD: { balance: '1000.0000', hold_trade: '0.0000' } } } };
    recording['POST /0/private/Balance'] = { body: { error: [], result: { XXBT: '0.5000000000', ZUSD: '1000.0000' } } };
    const balance = await exchange.fetchBalance();
    assert.equal(balance['BTC']?.total, 0.5);
    assert.equal(balance['USD']?.total, 1000);
  });

  const refusals: [string, string, new (...args: never[]) => Error][] = [
    ['EOrder:Insufficient funds', 'kraken: EOrder:Insufficient funds', InsufficientFunds],
    ['EOrder:Order minimum not met', 'kraken: EOrder:Order minimum not met', InvalidOrder],
    ['EAPI:Invalid key', 'kraken: EAPI:Invalid key', AuthenticationError],
    ['EAPI:Rate limit exceeded', 'kraken: EAPI:Rate limit exceeded', RateLimitExceeded],
    ['EService:Unavailable', 'kraken: EService:Unavailable', ExchangeUnavailable],
  ];
  for (const [code, message, type] of refusals) {
    test(`an order refused with ${code} is ${type.name}`, async () => {
      recording['POST /0/private/AddOrder'] = { body: { error: [code] } };
      await assert.rejects(exchange.createOrder({ symbol: 'BTC/USD', side: 'buy', kind: 'limit', amount: '0.001', price: '20000.0', clientOrderId: 'k-1' }), (e: Error) => e instanceof type && e.message === message);
    });
  }

  test('an unknown order is OrderNotFound (ccxt says InvalidOrder), so a lookup finds nothing instead of failing', async () => {
    recording['POST /0/private/QueryOrders'] = { body: { error: ['EOrder:Unknown order'] } };
    recording['POST /0/private/CancelOrder'] = { body: { error: ['EOrder:Unknown order'] } };
    assert.equal(await exchange.findOrder('BTC/USD', 'k-404'), undefined);
    await assert.rejects(exchange.cancelOrder('BTC/USD', 'k-404'), OrderNotFound);
    const lookup = venue.requests.filter((r) => r.startsWith('POST /0/private/QueryOrders'));
    assert.equal(lookup.length, 1);
  });

  test('a symbol the venue does not list is BadSymbol, before any request', async () => {
    const before = venue.requests.length;
    await assert.rejects(exchange.fetchCandles('NOPE/USD', '1h'), BadSymbol);
    assert.equal(venue.requests.length, before);
  });
});

describe('Coinbase adapter on recorded replies', () => {
  const recording: Record<string, RecordedReply> = {
    'GET /api/v3/brokerage/market/products': { file: 'coinbase/products-spot.json' },
    'GET /api/v3/brokerage/market/products?product_type=FUTURE': { body: { products: [], num_products: 0 } },
    'GET /api/v3/brokerage/market/products?product_type=FUTURE&contract_expiry_type=PERPETUAL': { file: 'coinbase/products-perpetual.json' },
    'GET /api/v3/brokerage/transaction_summary': { body: { total_volume: 0, total_fees: 0, fee_tier: { pricing_tier: 'Advanced 1', usd_from: '0', usd_to: '1000', taker_fee_rate: '0.012', maker_fee_rate: '0.006' } } },
  };
  let venue: RecordedVenue;
  let exchange: CcxtExchange;
  before(async () => ({ venue, exchange } = await open('coinbase', recording)));
  after(async () => {
    await exchange.close();
    await venue.close();
  });

  test('markets: spot products with their increments; the perpetual is left out', async () => {
    const markets = bySymbol(await exchange.loadMarkets());
    assert.deepEqual(Object.keys(markets).sort(), ['ADA/USDT', 'BTC/USDC', 'BTC/USDT', 'DOGE/USDT', 'ETH/USDT', 'XRP/USDT']);
    assert.deepEqual(markets['ADA/USDT'], { symbol: 'ADA/USDT', id: 'ADA-USDT', base: 'ADA', quote: 'USDT', tickSize: 0.0001, lotStep: 0.01, minQty: 0.01, minNotional: 1 });
    assert.deepEqual(markets['DOGE/USDT'], { symbol: 'DOGE/USDT', id: 'DOGE-USDT', base: 'DOGE', quote: 'USDT', tickSize: 0.0001, lotStep: 0.1, minQty: 0.1, minNotional: 1 });
    assert.deepEqual(markets['BTC/USDC'], { symbol: 'BTC/USDC', id: 'BTC-USDC', base: 'BTC', quote: 'USDC', tickSize: 0.01, lotStep: 1e-8, minQty: 1e-8, minNotional: 1 });
    assert.ok(!venue.requests.some((r) => r.startsWith('GET /v2/currencies')), 'no currency list requested');
  });

  test('an order refused for funds is InsufficientFunds with the venue message', async () => {
    recording['POST /api/v3/brokerage/orders'] = {
      body: { success: false, failure_reason: 'UNKNOWN_FAILURE_REASON', order_id: '', error_response: { error: 'INSUFFICIENT_FUND', message: 'Insufficient balance in source account', error_details: '', preview_failure_reason: 'PREVIEW_INSUFFICIENT_FUND', new_order_failure_reason: 'UNKNOWN_FAILURE_REASON' } },
    };
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000.00', clientOrderId: 'c-1' }), (e: Error) => e instanceof InsufficientFunds && e.message === 'coinbase: Insufficient balance in source account');
  });

  test('an order refused for another reason is an ExchangeError: a refusal, not an unknown outcome', async () => {
    recording['POST /api/v3/brokerage/orders'] = {
      body: { success: false, failure_reason: 'UNKNOWN_FAILURE_REASON', order_id: '', error_response: { error: 'UNSUPPORTED_ORDER_CONFIGURATION', message: 'source is not enabled for trading', error_details: '', new_order_failure_reason: 'UNSUPPORTED_ORDER_CONFIGURATION' } },
    };
    await assert.rejects(exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.001', price: '20000.00', clientOrderId: 'c-2' }), (e: Error) => e.constructor.name === 'ExchangeError' && e.message === 'coinbase: source is not enabled for trading');
  });

  test('an order is found by clientOrderId among the recent orders; an unknown one is not found', async () => {
    recording['GET /api/v3/brokerage/orders/historical/batch'] = {
      body: {
        orders: [
          {
            order_id: '813a53c5-3e39-47bb-863d-2faf685d22d8', product_id: 'BTC-USDT', user_id: '1111111-1111-1111-1111-111111111111',
            order_configuration: { market_market_ioc: { quote_size: '6.36' } }, side: 'BUY', client_order_id: '18eb9947-db49-4874-8e7b-39b8fe5f4317',
            status: 'FILLED', time_in_force: 'IMMEDIATE_OR_CANCEL', created_time: '2023-01-18T01:37:37.975552Z', completion_percentage: '100',
            filled_size: '0.000297920684505', average_filled_price: '21220.6399999973697697', fee: '', number_of_fills: '2', filled_value: '6.3220675944333996',
            pending_cancel: false, size_in_quote: true, total_fees: '0.0379324055666004', size_inclusive_of_fees: true, total_value_after_fees: '6.36',
            trigger_status: 'INVALID_ORDER_TYPE', order_type: 'MARKET', reject_reason: 'REJECT_REASON_UNSPECIFIED', settled: true, product_type: 'SPOT', reject_message: '', cancel_message: 'Internal error',
          },
        ],
        sequence: '0', has_next: false, cursor: '',
      },
    };
    recording['GET /api/v3/brokerage/orders/historical/fills'] = { body: { fills: [], cursor: '' } };
    const found = await exchange.findOrder('BTC/USDT', '18eb9947-db49-4874-8e7b-39b8fe5f4317');
    assert.equal(found?.status, 'closed');
    assert.equal(found.symbol, 'BTC/USDT');
    assert.equal(found.filled, 0.000297920684505);
    assert.equal(await exchange.findOrder('BTC/USDT', 'never-sent'), undefined);
  });

  test('an order lookup the venue answers "not found" is OrderNotFound (ccxt says ExchangeError)', async () => {
    recording['POST /api/v3/brokerage/orders/batch_cancel'] = { status: 404, body: { error: 'unknown', error_details: 'order with this orderID was not found', message: 'order with this orderID was not found' } };
    await assert.rejects(exchange.cancelOrder('BTC/USDT', 'c-404'), (e: Error) => e instanceof OrderNotFound && e.message === 'coinbase: order with this orderID was not found');
  });

  test('rejected credentials are AuthenticationError', async () => {
    recording['GET /v2/accounts'] = { status: 401, body: { error: 'UNAUTHENTICATED', error_details: '', message: 'Unauthorized' } };
    await assert.rejects(exchange.fetchBalance(), (e: Error) => e instanceof AuthenticationError && e.message === 'coinbase: Unauthorized');
  });
});
