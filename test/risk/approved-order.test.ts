// No order reaches a venue around the risk engine. The type-level half is checked by tsc (the
// test suite runs it over test/): each `@ts-expect-error` line must fail to compile, so if a plain
// VenueOrder ever became acceptable to the Venue port or to ExchangeVenue, tsc would report an
// unused directive. The run-time half shows that every order the kernel sends went through it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Portfolio, SimulatedVenue, TradingKernel } from '../../src/engine/index.ts';
import type { ApprovedOrder, Venue, VenueListener, VenueOrder } from '../../src/engine/index.ts';
import type { ExchangeVenue } from '../../src/live/index.ts';
import * as risk from '../../src/risk/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import type { RiskOrder } from '../../src/risk/index.ts';
import { HOUR, plainConfig, scripted, T0 } from '../fixtures/backtest.ts';

const PLAIN: VenueOrder = { id: 1, side: 'buy', type: 'market', role: 'entry', quantity: { kind: 'size', fraction: 1 }, protection: { stopLossPct: 0, takeProfitPct: 0 } };

/** Never called: it exists for tsc. */
export function typeLevelChecks(venue: Venue, exchange: ExchangeVenue, approved: ApprovedOrder): void {
  // @ts-expect-error a VenueOrder the risk engine has not approved does not fit the Venue port
  venue.submit(PLAIN);
  // @ts-expect-error nor the exchange venue, the one that reaches an exchange
  exchange.submit(PLAIN);
  // @ts-expect-error an object literal of the same fields is no approved order either
  venue.submit({ id: 1, side: 'buy', type: 'market', role: 'entry', quantity: { kind: 'size', fraction: 1 } });
  venue.submit(approved);
  exchange.submit(approved);
}

test('src/risk exports no way to approve an order other than the risk engine', () => {
  // @ts-expect-error `approve` is internal to src/risk
  const approve: unknown = risk.approve;
  assert.equal(approve, undefined);
  assert.deepEqual(Object.keys(risk).sort(), ['FleetRisk', 'RISK_CODES', 'RiskEngine', 'TRADING_STATES', 'stricterState']);
});

test('every order the kernel sends, entries and the protective pair alike, passed the risk engine', () => {
  const config = plainConfig();
  const portfolio = new Portfolio(config.cash);
  const inner = new SimulatedVenue(config, portfolio);
  const passed = new Set<RiskOrder>();
  // A risk engine that remembers what it approved.
  class RecordingRisk extends RiskEngine {
    override check<O extends RiskOrder>(order: O, ...rest: Parameters<RiskEngine['check']> extends [unknown, ...infer R] ? R : never) {
      const decision = super.check(order, ...rest);
      if (decision.approved) passed.add(decision.order);
      return decision;
    }
    override approveProtective<O extends RiskOrder>(order: O) {
      const approved = super.approveProtective(order);
      passed.add(approved);
      return approved;
    }
  }
  const sent: VenueOrder[] = [];
  const venue: Venue = {
    listen: (listener: VenueListener) => inner.listen(listener),
    submit: (order: ApprovedOrder) => {
      sent.push(order);
      inner.submit(order);
    },
    cancel: (id) => inner.cancel(id),
    onCandle: (candle) => inner.onCandle(candle),
  };
  const kernel = new TradingKernel({
    strategy: scripted({ 0: { type: 'enter', side: 'long', stopLossPct: 10, takeProfitPct: 20 }, 2: { type: 'exit' } }),
    venue,
    portfolio,
    risk: new RecordingRisk({ allowShort: false, maxTradesPerDay: Infinity }),
    tickSize: 0,
    allowShort: false,
  });
  for (let i = 0; i < 4; i++) kernel.onCandle(T0 + i * HOUR, 100, 101, 99, 100, 1);
  assert.deepEqual(sent.map((o) => o.role), ['entry', 'stop-loss', 'take-profit', 'exit']);
  assert.ok(sent.every((o) => passed.has(o)));
});
