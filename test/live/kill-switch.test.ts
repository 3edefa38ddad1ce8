// The kill switch of a running fleet against the project's simulator over real HTTP: a kill
// cancels every open order at the exchange and halts the risk engines (new entries refused with
// HALTED), a second kill finds nothing left to do, resume lifts it; the EMERGENCY_STOP file sets
// the flag and its removal resumes nothing; close-all sells the position within the lot step and
// reports the dust.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { systemClock } from '../../src/core/index.ts';
import type { ExchangeMarket } from '../../src/exchange/index.ts';
import { OrderManager } from '../../src/execution/index.ts';
import { KillSwitch, sellPosition } from '../../src/live/index.ts';
import type { KillTarget } from '../../src/live/index.ts';
import { FleetRisk, RiskEngine } from '../../src/risk/index.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { FLEET_SCOPE, openStore } from '../../src/store/index.ts';
import type { NewKillTrigger, Store } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { estimate, NO_LIMITS, order, state, verdict } from '../fixtures/risk.ts';
import { simulatedVenue } from '../exchange/fixtures.ts';
import type { BinanceSpotExchange, CcxtExchange } from '../../src/exchange/index.ts';

const SYMBOL = 'BTC/USDT';

interface Rig {
  readonly sim: Simulator;
  readonly exchange: BinanceSpotExchange | CcxtExchange;
  readonly store: Store;
  readonly market: ExchangeMarket;
  readonly manager: OrderManager;
  readonly fleet: FleetRisk;
  readonly risk: RiskEngine;
  readonly target: KillTarget;
  readonly killSwitch: KillSwitch;
  readonly stopFile: string;
  /** The last price at the simulator (close of its latest 1h candle). */
  price(): Promise<number>;
  /** Writes a trigger as `rampart kill/close-all/resume` does, then lets the fleet poll once; the outcome line. */
  pull(action: NewKillTrigger['action'], scope?: string): Promise<string | null>;
}

/** One instance (k1) of a fleet on the simulator: its order manager, risk engine and the fleet's kill switch. */
async function rig(t: TestContext, settle?: (r: Pick<Rig, 'manager' | 'price'>) => Promise<void>): Promise<Rig> {
  const { sim, exchange } = await simulatedVenue({ symbols: ['BTCUSDT'], balances: { USDT: 10_000, BTC: 1 }, limits: { weightPerMinute: 1_000_000, ordersPer10s: 1_000_000 } });
  const dir = tempDir();
  const store = openStore(path.join(dir, 'fleet.db'));
  const killSwitchRef: { current?: KillSwitch } = {};
  t.after(async () => {
    await killSwitchRef.current?.stop();
    store.close();
    await exchange.close();
    await sim.close();
  });
  const market = (await exchange.loadMarkets()).find((m) => m.symbol === SYMBOL)!;
  const manager = new OrderManager({ instance: 'k1', exchange, journal: store.orders, clock: systemClock, markets: [market] });
  const fleet = new FleetRisk();
  const risk = new RiskEngine(NO_LIMITS, { name: 'k1', fleet });
  const target: KillTarget = { instance: 'k1', manager, journal: store.orders, exchange, market, risk };
  const stopFile = path.join(dir, 'EMERGENCY_STOP');
  const price = async (): Promise<number> => (await exchange.fetchCandles(SYMBOL, '1h', undefined, 1)).at(-1)![4];
  const killSwitch = new KillSwitch({
    kills: store.kills,
    clock: systemClock,
    fleet,
    targets: [target],
    stopFile,
    pollMs: 20,
    ...(settle === undefined ? {} : { settle: () => settle({ manager, price }) }),
  });
  killSwitchRef.current = killSwitch;
  return {
    sim,
    exchange,
    store,
    market,
    manager,
    fleet,
    risk,
    target,
    killSwitch,
    stopFile,
    price,
    async pull(action, scope = FLEET_SCOPE) {
      const { event } = store.kills.trigger({ scope, action, source: 'cli', reason: `test ${action}`, time: systemClock.now() });
      await killSwitch.poll();
      return store.kills.event(event.id)!.outcome;
    },
  };
}

/** The risk engine's verdict on a market entry of 0.001 BTC now. */
function entryVerdict(r: Rig, price: number): string {
  return verdict(r.risk.check(order('entry'), estimate(0.001, price), state({ cash: 10_000, equity: 10_000, lastPrice: price })));
}

/** A resting limit buy at half the price: stays open at the simulator. */
async function restingBuy(r: Pick<Rig, 'manager'>, price: number): Promise<string> {
  const placed = await r.manager.submit({ symbol: SYMBOL, side: 'buy', kind: 'limit', amount: '0.001', price: String(price / 2), timeInForce: 'GTC', decisionPrice: price });
  assert.equal(placed.status, 'open');
  return placed.clientOrderId;
}

describe('kill switch', () => {
  test('a kill cancels every open order at the exchange and refuses new entries; a second kill has nothing left to do; resume lifts it', async (t) => {
    const r = await rig(t);
    const price = await r.price();
    const ids = [await restingBuy(r, price), await restingBuy(r, price)];
    assert.equal(entryVerdict(r, price), 'approved');

    const first = await r.pull('kill');
    assert.equal(first, `kill of the fleet: cancelled 2 open orders (${ids.join(', ')})`);
    assert.deepEqual(await r.exchange.fetchOpenOrders(SYMBOL), []);
    assert.deepEqual(ids.map((id) => r.store.orders.get(id)!.status), ['canceled', 'canceled'], 'the journal has the outcome');
    assert.equal(r.fleet.state.state, 'halted');
    assert.match(entryVerdict(r, price), /^HALTED: trading halted: kill switch \(cli, \d{4}-\d\d-\d\dT[\d:.]+Z\): test kill$/);

    assert.equal(await r.pull('kill'), 'kill of the fleet: nothing was left to do (no open orders)');
    const events = r.store.kills.events();
    assert.deepEqual(events.map((e) => [e.action, e.status]), [['kill', 'done'], ['kill', 'done']], 'every trigger journaled with its outcome');

    assert.equal(await r.pull('resume'), 'lifted the fleet');
    assert.equal(r.fleet.state.state, 'active');
    assert.equal(entryVerdict(r, price), 'approved');
  });

  test('an order still queued at a venue when the kill comes is sent before the cancel sweep, and cancelled', async (t) => {
    let queued: string | undefined;
    const r = await rig(t, async (venue) => {
      queued ??= await restingBuy(venue, await venue.price());
    });
    assert.equal(await r.pull('kill'), 'kill of the fleet: cancelled 1 open order (k1-1)');
    assert.equal(queued, 'k1-1');
    assert.equal(r.store.orders.get('k1-1')!.status, 'canceled');
  });

  test("an instance's kill halts its own risk engine, not the fleet, and resume of that instance lifts it", async (t) => {
    const r = await rig(t);
    const price = await r.price();
    const id = await restingBuy(r, price);
    assert.equal(await r.pull('kill', 'k1'), `kill of instance k1: cancelled 1 open order (${id})`);
    assert.equal(r.fleet.state.state, 'active');
    assert.equal(r.risk.state.state, 'halted');
    assert.match(entryVerdict(r, price), /^HALTED: /);
    assert.equal(await r.pull('resume', 'k1'), 'lifted instance k1');
    assert.equal(entryVerdict(r, price), 'approved');
  });

  test('the EMERGENCY_STOP file sets the fleet flag within a bounded wait, and removing it resumes nothing', async (t) => {
    const r = await rig(t);
    await r.killSwitch.start();
    assert.equal(r.fleet.state.state, 'active');
    writeFileSync(r.stopFile, 'exchange status page shows an incident\n');
    for (let i = 0; i < 500 && r.store.kills.flag(FLEET_SCOPE) === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const flag = r.store.kills.flag(FLEET_SCOPE);
    assert.ok(flag !== undefined, 'the flag was set within 500 polls');
    assert.equal(flag.source, 'file');
    assert.equal(flag.reason, `${r.stopFile}: exchange status page shows an incident`);
    // The background poll may still be carrying the trigger out: one more pass waits for it.
    await r.killSwitch.poll();
    assert.equal(r.fleet.state.state, 'halted');

    rmSync(r.stopFile);
    await r.killSwitch.poll();
    await r.killSwitch.poll();
    assert.ok(r.store.kills.flag(FLEET_SCOPE) !== undefined, 'still set after the file is gone');
    assert.equal(r.fleet.state.state, 'halted');
    assert.deepEqual(r.store.kills.events().map((e) => [e.source, e.action, e.outcome]), [['file', 'kill', 'kill of the fleet: nothing was left to do (no open orders)']], 'one trigger, journaled');
  });

  test('close-all cancels, sells the position at market on the lot step, and reports the dust under one step', async (t) => {
    const r = await rig(t);
    const price = await r.price();
    const buy = await r.manager.submit({ symbol: SYMBOL, side: 'buy', kind: 'market', amount: '0.01234', decisionPrice: price });
    assert.equal(buy.status, 'filled');
    const resting = await restingBuy(r, price);

    const outcome = await r.pull('close-all');
    // 0.01234 BTC bought, 0.1% commission taken in BTC: 0.01232766 held; 0.01232 is on the 0.00001 lot step.
    assert.equal(outcome, `close-all of the fleet: cancelled 1 open order (${resting}); sold 0.01232 BTC/USDT for k1 (k1-3); dust 0.00000766 BTC of k1 unsold: under one lot step (0.00001)`);
    const sell = r.store.orders.get('k1-3')!;
    assert.deepEqual([sell.side, sell.kind, sell.amount, sell.status], ['sell', 'market', '0.01232', 'filled']);
    const btc = r.sim.engine.account.get('BTC');
    assert.equal(Number(btc.free + btc.locked) / 1e8, 1.00000766, 'the venue holds the starting coin plus the dust');
    assert.equal(r.fleet.state.state, 'halted', 'a close-all halts as a kill does');
  });

  test('a position under the min notional is not sent: all of it is reported as dust', async (t) => {
    const r = await rig(t);
    const price = await r.price();
    await r.manager.submit({ symbol: SYMBOL, side: 'buy', kind: 'market', amount: '0.01234', decisionPrice: price });
    const report = await sellPosition(r.target, 100);
    assert.deepEqual(report, {
      instance: 'k1',
      symbol: SYMBOL,
      position: 0.01232766,
      sold: null,
      clientOrderId: null,
      status: null,
      dust: 0.01232766,
      dustReason: `0.01232 BTC at 100 is under the min notional ${r.market.minNotional} USDT`,
    });
    assert.equal(r.store.orders.all('k1').length, 1, 'nothing sent');
  });
});
