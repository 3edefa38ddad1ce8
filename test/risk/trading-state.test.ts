// Trading states per instance and for the fleet, and the fleet's exposure limit shared by the
// instances' risk engines.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FleetRisk, RiskEngine, stricterState } from '../../src/risk/index.ts';
import { estimate, NO_LIMITS, order, state, verdict } from '../fixtures/risk.ts';



/** The verdicts on an entry, a strategy exit and whether a stop-loss still passes. */
function verdicts(risk: RiskEngine): [string, string, boolean] {
  const holding = state({ position: 1, entryPrice: 100 });
  const stop = { role: 'stop-loss', side: 'sell', type: 'stop', price: 90 } as const;
  return [verdict(risk.check(order('entry'), estimate(1), holding)), verdict(risk.check(order('exit', 'sell'), estimate(1), holding)), risk.approveProtective(stop) === stop];
}

describe('trading states', () => {
  test('active takes everything; reducing only exits; halted nothing from the strategy, the protective pair still', () => {
    const risk = new RiskEngine(NO_LIMITS);
    assert.deepEqual(verdicts(risk), ['approved', 'approved', true]);
    risk.setState('reducing', 'operator: wind down');
    assert.deepEqual(verdicts(risk), ['REDUCING: only reducing exposure: operator: wind down', 'approved', true]);
    risk.halt('EMERGENCY_STOP file');
    assert.equal(risk.halted, true);
    assert.deepEqual(verdicts(risk), ['HALTED: trading halted: EMERGENCY_STOP file', 'HALTED: trading halted: EMERGENCY_STOP file', true]);
    risk.resume();
    assert.deepEqual(risk.state, { state: 'active', reason: '' });
    assert.deepEqual(verdicts(risk), ['approved', 'approved', true]);
    assert.equal(risk.refusalCounts().HALTED, 2);
    assert.equal(risk.refusalCounts().REDUCING, 1);
  });

  test('the fleet state is read on every order; the stricter of the fleet and the instance holds', () => {
    const fleet = new FleetRisk();
    const a = new RiskEngine(NO_LIMITS, { name: 'a', fleet });
    const b = new RiskEngine(NO_LIMITS, { name: 'b', fleet });
    fleet.setState('reducing', 'fleet wind down');
    assert.equal(verdicts(a)[0], 'REDUCING: only reducing exposure: fleet wind down');
    b.halt('instance kill');
    assert.equal(verdicts(b)[0], 'HALTED: trading halted: instance kill');
    fleet.setState('halted', 'fleet kill');
    assert.deepEqual(a.effectiveState, { state: 'halted', reason: 'fleet kill' });
    assert.equal(verdicts(a)[1], 'HALTED: trading halted: fleet kill');
    fleet.setState('active', '');
    assert.deepEqual(verdicts(a), ['approved', 'approved', true]);
    assert.equal(stricterState('reducing', 'halted'), 'halted');
    assert.equal(stricterState('active', 'reducing'), 'reducing');
  });

  test('FLEET_EXPOSURE: the instances\' exposures add up against the fleet bound; an approved entry counts at once', () => {
    const fleet = new FleetRisk({ maxExposure: 1000 });
    const [a, b, c] = ['a', 'b', 'c'].map((name) => new RiskEngine(NO_LIMITS, { name, fleet }));
    // a holds 6 at 100 = 600; b's entry of 4 at 100 brings the fleet to exactly 1,000.
    a!.observe(0, 100, 100, 100, 1000, 6);
    assert.equal(verdict(b!.check(order('entry'), estimate(4), state())), 'approved');
    assert.equal(fleet.exposure, 1000);
    assert.equal(verdict(c!.check(order('entry'), estimate(0.5), state())), 'FLEET_EXPOSURE: fleet exposure after the order 1050 above the fleet limit 1000');
    // a exits: its next candle reports it flat, and c has room again.
    a!.observe(1, 100, 100, 100, 1000, 0);
    assert.equal(verdict(c!.check(order('entry'), estimate(0.5), state())), 'approved');
    assert.equal(fleet.exposure, 450);
    // Exits are never held back by the fleet's bound.
    assert.equal(verdict(b!.check(order('exit', 'sell'), estimate(4), state({ position: 4 }))), 'approved');
  });
});
