// The exchange venue under the trading kernel, against the project's simulator over real HTTP: a
// scripted strategy's intents become orders at the venue, the venue's fills (price, commission)
// feed the portfolio, the protective stop is watched on closed candles, refusals read as the
// simulated venue's, and a newer order cancels the unfilled one at the venue first.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { systemClock } from '../../src/core/index.ts';
import type { Candle, Intent } from '../../src/core/index.ts';
import { Portfolio, SimulatedVenue, TradingKernel } from '../../src/engine/index.ts';
import type { SizingSettings } from '../../src/engine/index.ts';
import type { ExchangeMarket } from '../../src/exchange/index.ts';
import { OrderManager } from '../../src/execution/index.ts';
import type { FillEvent } from '../../src/execution/index.ts';
import { ExchangeVenue } from '../../src/live/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { scripted } from '../fixtures/backtest.ts';
import { CLIENTS, simulatedVenue } from '../exchange/fixtures.ts';
import type { ClientKind } from '../exchange/fixtures.ts';

const HOUR = 3_600_000;
const CASH = 10_000;
const SYMBOL = 'BTC/USDT';

interface Rig {
  readonly sim: Simulator;
  readonly store: Store;
  readonly market: ExchangeMarket;
  readonly kernel: TradingKernel;
  readonly portfolio: Portfolio;
  readonly venue: ExchangeVenue;
  /** Replays one candle at the simulator, gives the closed candle to the kernel and waits for the venue. */
  step(): Promise<Candle>;
}

interface RigOptions {
  readonly client?: ClientKind;
  readonly sizing?: SizingSettings;
  readonly stopLossPct?: number;
  readonly takeProfitPct?: number;
}

/** The simulator (BTCUSDT, 0.1% fees), the Exchange port, an order store, and a kernel on the exchange venue. */
async function rig(t: TestContext, script: Readonly<Record<number, Intent>>, options: RigOptions = {}): Promise<Rig> {
  const { sim, exchange } = await simulatedVenue({ symbols: ['BTCUSDT'], balances: { USDT: CASH }, limits: { weightPerMinute: 1_000_000, ordersPer10s: 1_000_000 } }, undefined, 2_000, options.client ?? 'ccxt');
  const store = openStore(path.join(tempDir(), 'orders.db'));
  t.after(async () => {
    store.close();
    await exchange.close();
    await sim.close();
  });
  const market = (await exchange.loadMarkets()).find((m) => m.symbol === SYMBOL)!;
  const portfolio = new Portfolio(CASH);
  const manager = new OrderManager({ instance: 'live1', exchange, journal: store.orders, clock: systemClock, markets: [market] });
  const sizing = options.sizing ?? { sizing: 'quote', sizingValue: 1_000, fee: 0.001 };
  const venue = new ExchangeVenue({ manager, journal: store.orders, market, sizing, account: portfolio, clock: systemClock });
  const risk = new RiskEngine({ allowShort: false, maxTradesPerDay: Infinity, stopLossPct: options.stopLossPct ?? 0, takeProfitPct: options.takeProfitPct ?? 0 });
  const kernel = new TradingKernel({ strategy: scripted(script), venue, portfolio, risk, tickSize: market.tickSize, allowShort: false });
  const feed = sim.feeds.get('BTCUSDT')!;
  return {
    sim,
    store,
    market,
    kernel,
    portfolio,
    venue,
    async step() {
      sim.step(4); // four ticks make one candle
      const rows = await exchange.fetchCandles(SYMBOL, '1h', undefined, 2);
      const row = rows.filter((r) => r[0] + HOUR <= feed.time).at(-1)!;
      const [time, open, high, low, close, volume] = row;
      kernel.onCandle(time, open, high, low, close, volume);
      await venue.idle();
      return { time, open, high, low, close, volume };
    },
  };
}

function fillsOf(store: Store, clientOrderId: string): FillEvent[] {
  return JSON.parse(store.orders.get(clientOrderId)!.fills) as FillEvent[];
}

/** The venue's balance of an asset (free + locked). */
function balance(sim: Simulator, asset: string): number {
  const b = sim.engine.account.get(asset);
  return Number(b.free + b.locked) / 1e8;
}

describe('exchange venue', () => {
  for (const client of CLIENTS) {
    test(`through ${client}: an entry fills at the venue, the portfolio holds what the venue holds, and an exit records the trade`, async (t) => {
      const r = await rig(t, { 0: { type: 'enter', side: 'long' }, 2: { type: 'exit' } }, { client });
      const first = await r.step();
      const [entry] = r.store.orders.all('live1');
      assert.equal(entry!.status, 'filled');
      assert.equal(entry!.kind, 'market');
      assert.ok(Math.abs(Number(entry!.amount) * first.close - 1_000) < first.close * 0.00001, 'sized at the last close: 1,000 USDT');
      const [fill] = fillsOf(r.store, entry!.clientOrderId);
      assert.equal(fill!.feeCurrency, 'BTC', 'Binance charges a buy in the asset bought');
      assert.equal(r.portfolio.position, Number(entry!.amount) - fill!.fee, 'the base received, commission off');
      assert.ok(Math.abs(r.portfolio.position - balance(r.sim, 'BTC')) < 1e-12);
      assert.equal(r.portfolio.entryPrice, fill!.price, "the venue's fill price");
      assert.equal(r.portfolio.feesPaid, fill!.fee * fill!.price, 'the commission valued in quote at the fill price');
      assert.ok(Math.abs(r.portfolio.cash - balance(r.sim, 'USDT')) < 1e-6, 'cash as the venue debited it');

      await r.step(); // index 1: holds
      await r.step(); // index 2: the exit
      const exit = r.store.orders.all('live1')[1]!;
      assert.equal(exit.side, 'sell');
      assert.equal(exit.status, 'filled');
      const [exitFill] = fillsOf(r.store, exit.clientOrderId);
      assert.equal(r.portfolio.position, 0);
      assert.equal(r.portfolio.trades.length, 1);
      const trade = r.portfolio.trades[0]!;
      assert.equal(trade.exitReason, 'signal');
      assert.equal(trade.entryPrice, fill!.price);
      assert.equal(trade.exitPrice, exitFill!.price);
      assert.ok(balance(r.sim, 'BTC') < r.market.lotStep, 'only dust under one lot step stays at the venue');
      assert.ok(Math.abs(r.portfolio.cash - balance(r.sim, 'USDT')) < 1e-6, 'cash as the venue credited it');
      assert.deepEqual(r.venue.openOrderIds, []);
    });
  }

  for (const leg of ['stop-loss', 'take-profit'] as const) {
    test(`a ${leg} touched by a closed candle sends a market exit`, async (t) => {
      const isStop = leg === 'stop-loss';
      const r = await rig(t, { 0: { type: 'enter', side: 'long' } }, isStop ? { stopLossPct: 0.2 } : { takeProfitPct: 0.2 });
      await r.step();
      const level = Math.round((r.portfolio.entryPrice * (isStop ? 0.998 : 1.002)) / r.market.tickSize) * r.market.tickSize;
      const candles: Candle[] = [];
      for (let i = 0; i < 200 && r.portfolio.position !== 0; i++) candles.push(await r.step());
      assert.equal(r.portfolio.position, 0, `the ${leg} fired within 200 candles`);
      const touched = candles.findIndex((c) => (isStop ? c.low <= level + 1e-9 : c.high >= level - 1e-9));
      assert.equal(touched, candles.length - 1, 'it fired on the first candle that reached its level, once that candle closed');
      const orders = r.store.orders.all('live1');
      assert.equal(orders.length, 2);
      assert.equal(orders[1]!.kind, 'market');
      assert.equal(orders[1]!.side, 'sell');
      assert.equal(r.portfolio.trades[0]!.exitReason, leg);
      assert.equal(r.portfolio.trades[0]!.exitPrice, fillsOf(r.store, orders[1]!.clientOrderId)[0]!.price, 'at the market after the close, not at the level');
    });
  }

  test('an order below min notional is refused with the simulated venue reason, and nothing is sent', async (t) => {
    const r = await rig(t, { 0: { type: 'enter', side: 'long' } }, { sizing: { sizing: 'quote', sizingValue: 4, fee: 0.001 } });
    const candle = await r.step();
    assert.equal(r.portfolio.rejectedCount, 1);
    // The simulated venue, filling at the same close with the same rules, refuses in the same words.
    const paper = new Portfolio(CASH);
    const simulated = new SimulatedVenue({ ...r.market, sizing: 'quote', sizingValue: 4, fee: 0.001, slippage: 0, allowShort: false, fill: 'close' }, paper);
    const reasons: string[] = [];
    simulated.listen({ onFill: () => assert.fail('filled'), onRejected: (_order, reason) => reasons.push(reason), onCanceled: () => {} });
    simulated.onCandle(candle);
    simulated.submit({ id: 1, side: 'buy', type: 'market', role: 'entry', quantity: { kind: 'size', fraction: 1 }, protection: { stopLossPct: 0, takeProfitPct: 0 } });
    assert.match(reasons[0]!, /^order notional [\d.]+ below min notional 5$/);
    assert.deepEqual(r.portfolio.rejections.map((x) => x.reason), reasons);
    assert.deepEqual(r.store.orders.all('live1'), []);
    assert.equal(r.sim.engine.allOrders('BTCUSDT').length, 0);
  });

  test('a new intent replaces the unfilled limit order: the old one is cancelled at the venue first', async (t) => {
    const low = (price: number, f: number): number => Math.round(price * f);
    const script: Record<number, Intent> = {};
    const r = await rig(t, script);
    const first = await r.step();
    script[1] = { type: 'enter', side: 'long', limitPrice: low(first.close, 0.5) };
    const second = await r.step();
    script[2] = { type: 'enter', side: 'long', limitPrice: low(second.close, 0.6) };
    await r.step();
    const [old, replacement] = r.store.orders.all('live1');
    assert.equal(old!.status, 'canceled');
    assert.ok(old!.updatedAt <= replacement!.createdAt, 'cancelled before the replacement was written and sent');
    assert.equal(replacement!.status, 'open');
    assert.equal(replacement!.price, low(second.close, 0.6).toFixed(2));
    assert.deepEqual(r.sim.engine.openOrders('BTCUSDT').map((o) => o.clientOrderId), [replacement!.clientOrderId]);
    assert.equal(r.portfolio.position, 0);
    assert.equal(r.venue.openOrderIds.length, 1);
  });

  test('an order whose reply is lost stays pending, is adopted at the next candle, and is sent once', async (t) => {
    const script: Record<number, Intent> = {};
    const r = await rig(t, script);
    await r.step();
    script[1] = { type: 'enter', side: 'long' };
    r.sim.faults.update({ timeoutAfterAcceptRate: 1 });
    // The candle is read before the fault is set; the order's reply is the one lost.
    await r.step().finally(() => r.sim.faults.update({ timeoutAfterAcceptRate: 0 }));
    assert.equal(r.store.orders.all('live1')[0]!.status, 'pending');
    assert.equal(r.portfolio.position, 0, 'no fill reported yet');
    await r.step();
    assert.equal(r.store.orders.all('live1')[0]!.status, 'filled');
    assert.ok(r.portfolio.position > 0);
    assert.equal(r.sim.engine.allOrders('BTCUSDT').length, 1, 'one order at the venue');
  });
});
