// The fleet's Prometheus metrics, scraped over HTTP from the fastify plugin after a bounded run of a
// paper and a testnet instance on the in-process simulator: every count is the journal's (orders,
// fills, refusals, trades, candles), the balance gauges are the last balance entry's, the testnet
// instance's orders were acknowledged and timed, the venue's weight and errors are metered, the
// kill switch shows per scope, and the registry keeps Prometheus' naming conventions with bounded
// labels.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { readFleetFile } from '../../src/config/index.ts';
import { RequestTimeout, systemClock } from '../../src/core/index.ts';
import { DIRECT_GATE, meteredGate, openExchange } from '../../src/exchange/index.ts';
import { Fleet } from '../../src/live/index.ts';
import { FleetMetrics, RUNNER_STATES, UNKNOWN_CODE, VENUE_REJECTION } from '../../src/metrics/index.ts';
import { RISK_CODES, TRADING_STATES } from '../../src/risk/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET, Simulator } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import type { JournalEntry, Store } from '../../src/store/index.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';
import { alertExpressions, dashboardExpressions, metricNames, PROMETHEUS_SERIES } from './promql.ts';
import { samples, scrape, value } from './scrape.ts';
import type { Scrape } from './scrape.ts';

const CANDLES = 12;
const ROUND_TRIP = path.join(ROOT, 'test/fixtures/strategies/round-trip.ts');
const PAPER = 'paper-rt';
const TESTNET = 'net-rt';
const base = { symbol: 'BTCUSDT', timeframe: '1h', strategy: ROUND_TRIP, sizing: 'quote', sizingValue: 80 }; // within the live default of 1% of equity per position

describe('a paper and a testnet instance, scraped after a bounded run', () => {
  const metrics = new FleetMetrics();
  let store: Store;
  let fleet: Fleet;
  let s: Scrape;

  before(async () => {
    const dir = tempDir();
    const file = path.join(dir, 'fleet.yml');
    writeFileSync(file, stringify({ simulator: { speed: 360_000, start: '2025-05-01' }, instances: [{ ...base, name: PAPER, mode: 'paper', maxDrawdownPct: 20, maxTradesPerDay: 2 }, { ...base, name: TESTNET, mode: 'testnet' }] }));
    store = openStore(path.join(dir, 'fleet.db'));
    fleet = await Fleet.start({ config: readFleetFile(file), file, store, clock: systemClock, exitAfterCandles: CANDLES, stopFile: path.join(dir, 'EMERGENCY_STOP'), access: { acknowledged: false, openKeys: () => assert.fail('no key store is opened') }, observer: metrics });
    assert.deepEqual(await fleet.finished(), []);
    s = await scrape(metrics.registry);
  });

  after(async () => {
    await fleet?.stop();
    store?.close();
  });

  const entries = (instance: string, kind: JournalEntry['kind']): JournalEntry[] => store.journal.list({ instances: [instance], kinds: [kind] });

  test('served as Prometheus text 0.0.4', () => {
    assert.match(s.contentType, /^text\/plain; version=0\.0\.4/);
    assert.ok(s.types.get('process_cpu_seconds_total') === 'counter', 'process metrics collected');
  });

  for (const instance of [PAPER, TESTNET]) {
    test(`${instance}: candles, orders, fills, refusals and trades are the journal's counts`, () => {
      assert.equal(value(s, 'rampart_candles_total', { instance }), CANDLES);
      assert.equal(entries(instance, 'candle').length, CANDLES);
      const orders = entries(instance, 'order').map((e) => (e.data as { event: string }).event);
      assert.ok(orders.filter((event) => event === 'submitted').length >= 2, 'the strategy traded');
      for (const status of ['submitted', 'rejected', 'canceled', 'cancel-requested']) {
        assert.equal(value(s, 'rampart_orders_total', { instance, status }), orders.filter((event) => event === status).length, `orders ${status}`);
      }
      const fills = entries(instance, 'fill').map((e) => (e.data as { side: string }).side);
      assert.ok(fills.length >= 2, 'orders filled');
      for (const side of ['buy', 'sell']) assert.equal(value(s, 'rampart_fills_total', { instance, side }), fills.filter((x) => x === side).length, `${side} fills`);
      assert.equal(value(s, 'rampart_trades_total', { instance }), entries(instance, 'trade').length);
      const refusals = entries(instance, 'refusal').map((e) => e.data as { code?: string; source: string });
      const counted = samples(s, 'rampart_rejections_total', { instance });
      assert.equal(counted.reduce((sum, x) => sum + x.value, 0), refusals.length, 'every refusal counted once');
      if (instance === PAPER) assert.ok(value(s, 'rampart_rejections_total', { instance, code: 'TRADES_PER_DAY' }) > 0, 'entries beyond two a day refused');
      for (const sample of counted) assert.equal(sample.value, refusals.filter((r) => (r.code ?? (r.source === 'venue' ? VENUE_REJECTION : UNKNOWN_CODE)) === sample.labels.code).length);
    });

    test(`${instance}: the balance gauges are the last balance entry's, the latency of every candle observed`, () => {
      const last = entries(instance, 'balance').at(-1)!.data as { equity: number; pnl: number; position: number; price: number };
      assert.equal(value(s, 'rampart_equity_quote', { instance }), last.equity);
      assert.equal(value(s, 'rampart_pnl_quote', { instance }), last.pnl);
      assert.equal(value(s, 'rampart_position_base', { instance }), last.position);
      assert.equal(value(s, 'rampart_exposure_quote', { instance }), Math.abs(last.position) * last.price);
      const peak = Math.max(...entries(instance, 'balance').map((e) => (e.data as { equity: number }).equity));
      assert.equal(value(s, 'rampart_drawdown_ratio', { instance }), (peak - last.equity) / peak);
      assert.equal(value(s, 'rampart_candle_to_decision_seconds_count', { instance }), CANDLES);
      assert.ok(value(s, 'rampart_candle_to_decision_seconds_sum', { instance }) > 0);
      assert.equal(value(s, 'rampart_instance_state', { instance, state: 'stopped' }), 1);
      assert.equal(value(s, 'rampart_trading_state', { instance, state: 'active' }), 1);
      assert.ok(value(s, 'rampart_data_age_seconds', { instance }) >= 0);
      assert.ok(value(s, 'rampart_heartbeat_age_seconds', { instance }) >= 0);
    });
  }

  test('the fleet file shows in the info series and the drawdown pause', () => {
    assert.equal(value(s, 'rampart_instance_info', { instance: PAPER, mode: 'paper', symbol: 'BTCUSDT', timeframe: '1h' }), 1);
    assert.equal(value(s, 'rampart_instance_info', { instance: TESTNET, mode: 'testnet' }), 1);
    assert.equal(value(s, 'rampart_drawdown_limit_ratio', { instance: PAPER }), 0.2);
  });

  test('testnet: every order was acknowledged and timed, the venue metered, recovery clean', () => {
    const sent = store.orders.all(TESTNET);
    assert.ok(sent.length >= 2);
    assert.equal(value(s, 'rampart_decision_to_ack_seconds_count', { instance: TESTNET }), sent.length);
    assert.equal(samples(s, 'rampart_decision_to_ack_seconds_count', { instance: PAPER }).length, 0, 'paper orders are not sent anywhere');
    assert.ok(value(s, 'rampart_exchange_request_weight_used', { venue: 'simulator' }) > 0, "the simulator's weight header read");
    assert.equal(value(s, 'rampart_reconciliation_halted', { instance: TESTNET }), 0);
    assert.equal(samples(s, 'rampart_reconciliation_halted', { instance: PAPER }).length, 0, 'no recovery for paper');
    assert.equal(value(s, 'rampart_websocket_reconnects_total', { instance: TESTNET, stream: 'user' }), 0);
  });

  test('the kill switch shows per scope, read from the store at the scrape', async () => {
    assert.equal(value(await scrape(metrics.registry), 'rampart_kill_switch_engaged', { scope: TESTNET }), 0);
    store.kills.trigger({ scope: TESTNET, action: 'kill', source: 'cli', reason: 'test', time: Date.now() });
    const killed = await scrape(metrics.registry);
    assert.equal(value(killed, 'rampart_kill_switch_engaged', { scope: TESTNET }), 1);
    assert.equal(value(killed, 'rampart_kill_switch_engaged', { scope: PAPER }), 0);
    assert.equal(value(killed, 'rampart_kill_switch_engaged', { scope: 'fleet' }), 0);
  });

  test('every metric the Grafana dashboard and the alert rules query is on /metrics', () => {
    // A family with no sample yet (no refusal in the run) is still declared by its TYPE line.
    const exposed = new Set([...s.samples.map((sample) => sample.name), ...[...s.types].flatMap(([name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name]))]);
    const queries = [...dashboardExpressions(), ...alertExpressions()];
    assert.ok(queries.length > 40, `${queries.length} expressions`);
    const read = new Set<string>();
    for (const { where, expr } of queries) {
      const names = metricNames(expr);
      assert.ok(names.length > 0, `${where}: no metric in ${expr}`);
      for (const name of names) {
        read.add(name);
        assert.ok(exposed.has(name) || PROMETHEUS_SERIES.has(name), `${where} reads ${name}, which /metrics does not have`);
      }
    }
    // What the brief's dashboard shows: each family is read somewhere.
    for (const family of ['rampart_equity_quote', 'rampart_pnl_quote', 'rampart_drawdown_ratio', 'rampart_exposure_quote', 'rampart_orders_total', 'rampart_fills_total', 'rampart_rejections_total', 'rampart_exchange_api_errors_total', 'rampart_exchange_request_weight_used', 'rampart_candle_to_decision_seconds_bucket', 'rampart_decision_to_ack_seconds_bucket', 'rampart_websocket_reconnects_total', 'rampart_data_age_seconds', 'rampart_heartbeat_age_seconds', 'rampart_kill_switch_engaged', 'rampart_trading_state', 'rampart_reconciliation_halted']) {
      assert.ok(read.has(family), `nothing in deploy/ reads ${family}`);
    }
  });

  test('naming: counters end in _total, duration histograms in _seconds, labels bounded', async () => {
    const families = await metrics.registry.getMetricsAsJSON();
    const bounded: Record<string, readonly string[]> = {
      instance: [PAPER, TESTNET],
      mode: ['paper', 'testnet'],
      symbol: ['BTCUSDT'],
      timeframe: ['1h'],
      status: ['submitted', 'rejected', 'canceled', 'cancel-requested'],
      side: ['buy', 'sell'],
      code: [...RISK_CODES, VENUE_REJECTION, UNKNOWN_CODE],
      stream: ['kline', 'user'],
      venue: ['simulator'],
      scope: ['fleet', PAPER, TESTNET],
      state: [...RUNNER_STATES, ...TRADING_STATES],
    };
    const ours = families.filter((family) => family.name.startsWith('rampart_'));
    assert.ok(ours.length >= 20, `${ours.length} rampart families`);
    for (const family of families) {
      if (String(family.type) === 'counter') assert.match(family.name, /_total$/, `counter ${family.name}`);
      if (String(family.type) === 'histogram') assert.match(family.name, /_seconds$/, `histogram ${family.name}`);
    }
    for (const family of ours) {
      assert.match(family.name, /^rampart_[a-z_]+$/);
      for (const sample of family.values) {
        for (const [label, v] of Object.entries(sample.labels)) {
          if (label === 'le') continue;
          assert.ok(bounded[label] !== undefined, `${family.name}: label ${label} is not one of the bounded labels`);
          assert.ok(bounded[label]!.includes(String(v)), `${family.name}: ${label}="${v}" is not a bounded value`);
        }
      }
    }
  });
});

test('the metered gate reports the venue weight of each reply and failures by error code', async () => {
  const sim = await Simulator.start({ symbols: ['BTCUSDT'], timeframe: '1h', startIndex: 600, speed: 0, limits: { weightPerMinute: 1_000_000 } });
  const metrics = new FleetMetrics({ processMetrics: false });
  const meter = metrics.exchange('simulator');
  const exchange = await openExchange('binance', { url: sim.restUrl, credentials: { apiKey: LOCAL_API_KEY, secret: LOCAL_API_SECRET }, gate: meteredGate(DIRECT_GATE, meter) });
  try {
    await exchange.loadMarkets();
    const afterMarkets = value(await scrape(metrics.registry), 'rampart_exchange_request_weight_used', { venue: 'simulator' });
    assert.ok(afterMarkets > 0);
    await assert.rejects(exchange.cancelOrder('BTC/USDT', 'no-such-order'));
    const s = await scrape(metrics.registry);
    assert.equal(value(s, 'rampart_exchange_api_errors_total', { venue: 'simulator', code: 'ORDER_NOT_FOUND' }), 1);
    assert.ok(value(s, 'rampart_exchange_request_weight_used', { venue: 'simulator' }) > afterMarkets, 'the failed call reported its weight too');
  } finally {
    await exchange.close();
    await sim.close();
  }
  // An error outside the venue's reply (no headers): still counted, by its code.
  const gate = meteredGate(DIRECT_GATE, meter);
  await assert.rejects(gate.run(1, () => Promise.reject(new RequestTimeout('timed out')), () => undefined, true));
  await assert.rejects(gate.run(1, () => Promise.reject(new Error('not ours')), () => undefined, true));
  const s = await scrape(metrics.registry);
  assert.equal(value(s, 'rampart_exchange_api_errors_total', { venue: 'simulator', code: 'REQUEST_TIMEOUT' }), 1);
  assert.equal(value(s, 'rampart_exchange_api_errors_total', { venue: 'simulator', code: UNKNOWN_CODE }), 1);
});
