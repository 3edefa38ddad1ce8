// Each rule of the risk engine on hand-computed values: the bound passes, one step past it is
// refused with the rule's code and one line; exits and protective orders pass the entry limits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvariantError } from '../../src/core/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import type { RiskLimits } from '../../src/risk/index.ts';
import { HOUR, T0 } from '../fixtures/backtest.ts';
import { DAY, estimate, NO_LIMITS, order, state, verdict } from '../fixtures/risk.ts';


function engine(limits: Partial<RiskLimits>, capital?: number): RiskEngine {
  return new RiskEngine({ ...NO_LIMITS, ...limits }, { ...(capital === undefined ? {} : { capital }), market: { lotStep: 0.001, minNotional: 5 } });
}


describe('risk engine rules', () => {
  test('POSITION_LIMIT: the position after the entry may reach 1% of equity, not pass it; exits pass', () => {
    const risk = engine({ maxPositionPct: 1 });
    const rich = state({ equity: 10_000, cash: 10_000 });
    assert.equal(verdict(risk.check(order('entry'), estimate(1), rich)), 'approved');
    assert.equal(verdict(risk.check(order('entry'), estimate(1.01), rich)), 'POSITION_LIMIT: position after the order 101 above 1% of equity (100)');
    // 0.5 held + 0.6 bought = 1.1 at 100 = 110 > 100; 0.5 more is exactly 100.
    const holding = state({ equity: 10_000, position: 0.5, entryPrice: 100 });
    assert.equal(verdict(risk.check(order('entry'), estimate(0.6), holding)), 'POSITION_LIMIT: position after the order 110 above 1% of equity (100)');
    assert.equal(verdict(risk.check(order('entry'), estimate(0.5), holding)), 'approved');
    const over = state({ equity: 10_000, position: 5, entryPrice: 100 });
    assert.equal(verdict(risk.check(order('exit', 'sell'), estimate(5), over)), 'approved');
  });

  test('ORDER_LIMIT: one entry may reach 25% of capital (1,000 → 250), not pass it', () => {
    const risk = engine({ maxOrderPct: 25 }, 1000);
    const grown = state({ equity: 4000, cash: 4000 });
    assert.equal(verdict(risk.check(order('entry'), estimate(2.5), grown)), 'approved');
    assert.equal(verdict(risk.check(order('entry'), estimate(2.6), grown)), 'ORDER_LIMIT: order notional 260 above 25% of capital (250)');
  });

  test('PRICE_DEVIATION: a limit 10% from the last trade passes, 10.1% is refused; protective orders and exits are not checked', () => {
    const risk = engine({ maxPriceDeviationPct: 10 });
    assert.equal(verdict(risk.check(order('entry', 'buy', 90), estimate(1, 90), state())), 'approved');
    assert.equal(verdict(risk.check(order('entry', 'buy', 89.9), estimate(1, 89.9), state())), 'PRICE_DEVIATION: order price 89.9 is 10.1% from the last trade price 100 (limit 10%)');
    assert.equal(verdict(risk.check(order('exit', 'sell', 50), estimate(1, 50), state({ position: 1, entryPrice: 100 }))), 'approved');
    const stop = { role: 'stop-loss', side: 'sell', type: 'stop', price: 70 } as const;
    assert.equal(risk.approveProtective(stop), stop);
  });

  test('DAILY_LOSS in money: 50 lost since 00:00 UTC stops entries for the rest of the day, even after a recovery', () => {
    const risk = engine({ maxDailyLoss: 50 });
    risk.observe(T0, 100, 100, 100, 1000, 0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + HOUR, equity: 960 }))), 'approved');
    risk.observe(T0 + 2 * HOUR, 100, 100, 100, 950, 0);
    const refused = 'DAILY_LOSS: daily loss 50 reached the limit 50 (resets 00:00 UTC)';
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + 2 * HOUR, equity: 950 }))), refused);
    risk.observe(T0 + 3 * HOUR, 100, 100, 100, 990, 0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + 3 * HOUR, equity: 990 }))), refused);
    assert.equal(verdict(risk.check(order('exit', 'sell'), estimate(1), state({ time: T0 + 3 * HOUR, equity: 990, position: 1 }))), 'approved');
    // The next day starts from the equity at 00:00 (990): nothing lost yet.
    risk.observe(T0 + DAY, 100, 100, 100, 990, 0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + DAY, equity: 990 }))), 'approved');
  });

  test('DAILY_LOSS in %: the day starts at the equity of the last close before 00:00 UTC; 5% of it is the limit', () => {
    const risk = engine({ maxDailyLossPct: 5 });
    risk.observe(T0, 100, 100, 100, 1100, 0);
    risk.observe(T0 + 23 * HOUR, 100, 100, 100, 1000, 0);
    // Day two starts at 1,000 (not 1,100): 951 is 4.9% down, 950 is 5%.
    risk.observe(T0 + DAY, 100, 100, 100, 951, 0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + DAY, equity: 951 }))), 'approved');
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + DAY + HOUR, equity: 950 }))), 'DAILY_LOSS: daily loss 5% reached the limit 5% (resets 00:00 UTC)');
  });

  test('DRAWDOWN_PAUSE: 10% below the peak pauses entries until an operator resumes; the peak then restarts', () => {
    const risk = engine({ maxDrawdownPct: 10 });
    for (const [i, equity] of [1000, 1200, 1081].entries()) risk.observe(T0 + i * HOUR, 100, 100, 100, equity, 0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + 2 * HOUR, equity: 1081 }))), 'approved');
    const refused = 'DRAWDOWN_PAUSE: drawdown 10% from the equity peak 1200 reached the limit 10%: paused until resumed';
    risk.observe(T0 + 3 * HOUR, 100, 100, 100, 1080, 0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + 3 * HOUR, equity: 1080 }))), refused);
    // A recovery to a new peak does not lift the pause; a resume does, measuring from the equity then.
    risk.observe(T0 + 4 * HOUR, 100, 100, 100, 1300, 0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + 4 * HOUR, equity: 1300 }))), refused);
    risk.resume();
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + 4 * HOUR, equity: 1300 }))), 'approved');
    risk.observe(T0 + 5 * HOUR, 100, 100, 100, 1170, 0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + 5 * HOUR, equity: 1170 }))), 'DRAWDOWN_PAUSE: drawdown 10% from the equity peak 1300 reached the limit 10%: paused until resumed');
  });

  test('VOLATILITY: ATR(3)/price above 2% stops entries; an ATR not known yet refuses too; exits pass', () => {
    const risk = engine({ maxAtrPct: 2, atrPeriod: 3 });
    const at = (i: number) => state({ time: T0 + i * HOUR });
    // True ranges from candle 1: 4, 2, 2 → ATR 8/3 = 2.667; then 1 → (2.667·2 + 1)/3 = 2.111; then 1 → 1.741.
    const bars: [number, number][] = [[101, 99], [102, 98], [101, 99], [101, 99], [100.5, 99.5], [100.5, 99.5]];
    const verdicts = bars.map(([high, low], i) => {
      risk.observe(T0 + i * HOUR, high, low, 100, 1000, 0);
      return verdict(risk.check(order('entry'), estimate(1), at(i)));
    });
    assert.deepEqual(verdicts, [
      'VOLATILITY: ATR(3) not known yet',
      'VOLATILITY: ATR(3) not known yet',
      'VOLATILITY: ATR(3) not known yet',
      'VOLATILITY: ATR/price 2.666666667% above the limit 2%',
      'VOLATILITY: ATR/price 2.111111111% above the limit 2%',
      'approved',
    ]);
    assert.equal(verdict(risk.check(order('exit', 'sell'), estimate(1), state({ position: 1 }))), 'approved');
  });

  test('exchange filters before sending: lot size, min notional (5) and price, on exits too', () => {
    const risk = engine({ checkFilters: true });
    assert.equal(verdict(risk.check(order('entry'), estimate(0), state())), 'FILTER_LOT_SIZE: order quantity rounds to 0 at lot step 0.001');
    assert.equal(verdict(risk.check(order('entry'), estimate(0.04), state())), 'FILTER_MIN_NOTIONAL: order notional 4 below min notional 5');
    assert.equal(verdict(risk.check(order('entry'), estimate(0.05), state())), 'approved');
    assert.equal(verdict(risk.check(order('entry', 'buy', 0), estimate(1, 0), state())), 'FILTER_PRICE: order price 0 is not above 0');
    assert.equal(verdict(risk.check(order('exit', 'sell'), estimate(0.04), state({ position: 0.04 }))), 'FILTER_MIN_NOTIONAL: order notional 4 below min notional 5');
    assert.throws(() => new RiskEngine({ ...NO_LIMITS, checkFilters: true }), InvariantError);
  });

  test('TRADES_PER_DAY and SHORT_ON_SPOT keep their words and get their codes', () => {
    const risk = engine({ maxTradesPerDay: 1 });
    assert.equal(verdict(risk.check(order('entry', 'sell'), estimate(1), state())), 'SHORT_ON_SPOT: short selling is not allowed on spot (use --allow-short)');
    risk.recordEntry(T0);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state())), 'TRADES_PER_DAY: max trades per day (1) reached');
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + DAY }))), 'approved');
  });

  test('a fill stamped on the next UTC day (the exchange clock ahead of the candle) does not start the count again', () => {
    const risk = engine({ maxTradesPerDay: 1 });
    const evening = T0 + DAY - HOUR;
    // The exchange fills the entry just past midnight while the candles still say the evening.
    risk.recordEntry(T0 + DAY + 1);
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: evening }))), 'TRADES_PER_DAY: max trades per day (1) reached');
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + DAY + HOUR }))), 'TRADES_PER_DAY: max trades per day (1) reached');
    assert.equal(verdict(risk.check(order('entry'), estimate(1), state({ time: T0 + 2 * DAY }))), 'approved');
  });

  test('refusals are counted per code; an approval hands back the same order, branded', () => {
    const refused: string[] = [];
    const risk = new RiskEngine({ ...NO_LIMITS, maxPositionPct: 1 }, { onRefused: (r, time) => refused.push(`${time - T0} ${r.code}`) });
    risk.check(order('entry'), estimate(20), state());
    risk.check(order('entry'), estimate(20), state({ time: T0 + HOUR }));
    risk.check(order('entry', 'sell'), estimate(1), state());
    const entry = order('entry');
    const decision = risk.check(entry, estimate(0.1), state());
    assert.ok(decision.approved && decision.order === entry);
    const counts = risk.refusalCounts();
    assert.equal(counts.POSITION_LIMIT, 2);
    assert.equal(counts.SHORT_ON_SPOT, 1);
    assert.equal(counts.DAILY_LOSS, 0);
    assert.deepEqual(refused, ['0 POSITION_LIMIT', `${HOUR} POSITION_LIMIT`, '0 SHORT_ON_SPOT']);
  });

  test('approveProtective takes only the protective pair and the end-of-data close', () => {
    const risk = engine({});
    assert.throws(() => risk.approveProtective(order('entry')), InvariantError);
    assert.throws(() => risk.approveProtective(order('exit', 'sell')), InvariantError);
    const close = order('end-of-data', 'sell');
    assert.equal(risk.approveProtective(close), close);
  });
});
