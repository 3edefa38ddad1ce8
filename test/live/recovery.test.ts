// Start-up recovery against the simulator: the instance's own orders the journal lacks are
// adopted, a resting order left by the previous run is cancelled, the portfolio is rebuilt from
// the fills on record and the holdings compared with the exchange's balance; an instance whose
// holdings do not reconcile starts halted and its venue refuses every order.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { systemClock } from '../../src/core/index.ts';
import { Portfolio } from '../../src/engine/index.ts';
import { ExchangeVenue, KillSwitch } from '../../src/live/index.ts';
import { FleetRisk, RiskEngine } from '../../src/risk/index.ts';
import { OrderManager } from '../../src/execution/index.ts';
import { InstanceJournal } from '../../src/live/instance-journal.ts';
import { cancelOpenOrders } from '../../src/live/kill-actions.ts';
import { recoveredVenue, recoverInstance } from '../../src/live/recovery.ts';
import type { RecoveryOptions } from '../../src/live/recovery.ts';
import { parseDec } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { estimate, NO_LIMITS, order, state, verdict } from '../fixtures/risk.ts';
import { simulatedVenue } from '../exchange/fixtures.ts';

const SYMBOL = 'BTC/USDT';
const CASH = 10_000;

async function rig(t: TestContext) {
  const { sim, exchange } = await simulatedVenue({ symbols: ['BTCUSDT'], balances: { USDT: CASH }, limits: { weightPerMinute: 1_000_000, ordersPer10s: 1_000_000 } });
  const store = openStore(path.join(tempDir(), 'recovery.db'));
  t.after(async () => {
    store.close();
    await exchange.close();
    await sim.close();
  });
  sim.step(4);
  const market = (await exchange.loadMarkets()).find((m) => m.symbol === SYMBOL)!;
  const manager = new OrderManager({ instance: 'bot', exchange, journal: store.orders, clock: systemClock, markets: [market], absenceGraceMs: 0 });
  const journal = new InstanceJournal(store.journal, 'bot', 'testnet', systemClock);
  const options: RecoveryOptions = { instance: 'bot', manager, orders: store.orders, exchange, market, journal, history: store.journal, kills: store.kills, clock: systemClock, cash: CASH };
  return { sim, exchange, store, market, manager, options };
}

test('recovery adopts the orders of the instance the journal lacks, cancels what rests, rebuilds the portfolio and starts active', async (t) => {
  const { exchange, store, manager, options } = await rig(t);
  await manager.submit({ symbol: SYMBOL, side: 'buy', kind: 'market', amount: '0.01', decisionPrice: 60_000 });
  // Sent by the instance, its journal row lost: the exchange has it, the journal does not.
  await exchange.createOrder({ symbol: SYMBOL, side: 'buy', kind: 'market', amount: '0.002', clientOrderId: 'bot-7' });
  // Another bot's order on the same account is not the instance's to adopt.
  await exchange.createOrder({ symbol: SYMBOL, side: 'buy', kind: 'limit', amount: '0.02', price: '1000', timeInForce: 'GTC', clientOrderId: 'other-1' });
  const resting = await manager.submit({ symbol: SYMBOL, side: 'buy', kind: 'limit', amount: '0.02', price: '1000', timeInForce: 'GTC', decisionPrice: 1000 });
  assert.equal(resting.status, 'open');

  const recovery = await recoverInstance(options);
  const { report } = recovery;
  assert.equal(report.state, 'active', report.reason);
  assert.deepEqual(report.adoptedFromExchange, ['bot-7']);
  assert.deepEqual(report.canceled, [resting.clientOrderId]);
  assert.equal(store.orders.get('bot-7')?.status, 'filled');
  assert.equal(store.orders.get(resting.clientOrderId)?.status, 'canceled');
  assert.deepEqual(store.orders.notFinal('bot'), []);
  const held = (await exchange.fetchBalance())['BTC']!.total;
  assert.ok(Math.abs(report.holdings.onRecord - held) < 1e-12, 'the holdings on record are the exchange’s');
  const portfolio = new Portfolio(CASH);
  recovery.restore(portfolio);
  assert.ok(Math.abs(portfolio.position - held) < 1e-12, 'the rebuilt position is what the exchange holds');
  assert.ok(Math.abs(portfolio.cash - (await exchange.fetchBalance())['USDT']!.total) < 1e-6, 'the rebuilt cash is the quote the fills left (another bot’s resting order only locks some)');
  assert.ok(portfolio.entryPrice > 0);
  const [entry] = store.journal.list({ instances: ['bot'], kinds: ['recovery'] });
  assert.equal((entry?.data as { state: string }).state, 'active', 'recovery is journaled');
  // The sequence goes on after the adopted order: no clientOrderId is used twice.
  assert.equal((await manager.submit({ symbol: SYMBOL, side: 'sell', kind: 'market', amount: '0.001', decisionPrice: 60_000 })).clientOrderId, 'bot-8');
});

test('holdings that do not reconcile halt the instance through its kill flag: the risk engine refuses entries and exits until resumed', async (t) => {
  const { sim, exchange, store, market, manager, options } = await rig(t);
  await manager.submit({ symbol: SYMBOL, side: 'buy', kind: 'market', amount: '0.01', decisionPrice: 60_000 });
  assert.equal((await recoverInstance(options)).report.state, 'active');
  assert.equal(store.kills.flag('bot'), undefined, 'an active start sets no flag');
  // BTC the fleet's fills do not explain arrives at the account.
  sim.engine.account.credit('BTC', parseDec('0.5')!);
  const parts = { exchange, manager, market, venue: (account: Portfolio) => new ExchangeVenue({ manager, journal: store.orders, market, sizing: { sizing: 'quote', sizingValue: 100, fee: 0.001 }, account, clock: systemClock }) };
  await recoveredVenue(parts, options);
  const [, second] = store.journal.list({ instances: ['bot'], kinds: ['recovery'] });
  const report = second?.data as { state: string; reason: string };
  assert.equal(report.state, 'halted');
  assert.match(report.reason, /holdings do not reconcile: 0\.0099\d* BTC on record .* but 0\.5099\d* at the exchange/);
  const flag = store.kills.flag('bot');
  assert.deepEqual([flag?.source, flag?.reason], ['recovery', report.reason], 'the halt is the instance’s kill flag, with the reason');
  assert.ok(store.kills.events().some((event) => event.scope === 'bot' && event.source === 'recovery' && event.action === 'kill'), 'the halt is in the kill journal');

  const risk = new RiskEngine(NO_LIMITS, { name: 'bot' });
  const killSwitch = new KillSwitch({ kills: store.kills, clock: systemClock, fleet: new FleetRisk(), targets: [], others: [{ instance: 'bot', mode: 'testnet', symbol: 'BTC/USDT', lotStep: 0.00001, risk, closeAll: () => ({ before: 0, after: 0, canceled: [], price: undefined, refused: undefined }), cancelResting: () => [] }] });
  killSwitch.sync();
  assert.equal(risk.effectiveState.state, 'halted');
  assert.match(risk.effectiveState.reason, /^halted by start-up recovery \(recovery, .*\): holdings do not reconcile/);
  assert.match(verdict(risk.check(order('entry'), estimate(1), state())), /^HALTED: trading halted: halted by start-up recovery/);
  assert.match(verdict(risk.check(order('exit', 'sell'), estimate(1), state({ position: 1, entryPrice: 100 }))), /^HALTED/, 'a strategy exit waits too: the record it is sized from is in doubt');
  assert.ok(risk.approveProtective({ role: 'stop-loss', side: 'sell', type: 'stop', price: 90 }), 'the position’s stop-loss still passes');
  assert.equal(store.orders.all('bot').length, 1, 'nothing was sent');

  store.kills.trigger({ scope: 'bot', action: 'resume', source: 'cli', reason: 'checked', time: Date.now() });
  killSwitch.sync();
  assert.equal(risk.effectiveState.state, 'active', 'rampart resume lifts it like any halt');
  assert.equal(verdict(risk.check(order('entry'), estimate(1), state())), 'approved');
});

test('an order the journal holds as final but the exchange lists as open is cancelled at the exchange, and its record corrected', async (t) => {
  const { sim, store, manager, options } = await rig(t);
  const resting = await manager.submit({ symbol: SYMBOL, side: 'buy', kind: 'limit', amount: '0.02', price: '1000', timeInForce: 'GTC', decisionPrice: 1000 });
  assert.equal(resting.status, 'open');
  // A record gone final while the order still rests (a stale report, a reconciliation that gave it up).
  store.orders.update({ ...store.orders.get(resting.clientOrderId)!, status: 'expired' });

  const { report } = await recoverInstance(options);
  assert.deepEqual(report.canceled, [resting.clientOrderId]);
  assert.deepEqual(sim.engine.openOrders('BTCUSDT'), [], 'the cancel reached the exchange');
  assert.equal(store.orders.get(resting.clientOrderId)?.status, 'canceled', 'the record says what the exchange did');
});

test('a cancel the exchange does not confirm is reported unconfirmed, not canceled', async (t) => {
  const { sim, exchange, store, manager, market } = await rig(t);
  const resting = await manager.submit({ symbol: SYMBOL, side: 'buy', kind: 'limit', amount: '0.02', price: '1000', timeInForce: 'GTC', decisionPrice: 1000 });
  store.orders.update({ ...store.orders.get(resting.clientOrderId)!, status: 'canceled' });
  // The open orders are read; from then on every request's connection is dropped: the cancel cannot be confirmed.
  const fetchOpenOrders = async (symbol: string) => {
    const open = await exchange.fetchOpenOrders(symbol);
    sim.faults.update({ dropRate: 1 });
    return open;
  };
  const report = await cancelOpenOrders({ instance: 'bot', manager, journal: store.orders, exchange: { fetchOpenOrders, cancelOrder: (s, id) => exchange.cancelOrder(s, id), fetchBalance: () => exchange.fetchBalance(), fetchCandles: (...args) => exchange.fetchCandles(...args) }, market });
  sim.faults.update({ dropRate: 0 });
  assert.deepEqual(report, { instance: 'bot', canceled: [], unconfirmed: [resting.clientOrderId] });
  assert.equal(sim.engine.openOrders('BTCUSDT').length, 1, 'the order still rests');
  assert.equal(store.orders.get(resting.clientOrderId)?.status, 'open', 'the record is back to what the exchange lists');
});
