// Canary caps and the live risk defaults: the caps bound a canary instance's risk settings whatever
// its file says, and the risk engine a fleet builds for a canary or live instance refuses each
// order that would exceed one, with the rule's code. (The real-money path end to end is
// fleet-real-money.test.ts.)
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import { instanceBacktestInput, parseBacktestConfig } from '../../src/backtest/index.ts';
import { readFleetFile } from '../../src/config/index.ts';
import { ConfigError } from '../../src/core/index.ts';
import { kernelOnVenue } from '../../src/engine/index.ts';
import { instanceRiskSettings, ShadowVenue, withCanaryCaps } from '../../src/live/index.ts';
import type { RiskEngine } from '../../src/risk/index.ts';
import { T0 } from '../fixtures/backtest.ts';
import { tempDir } from '../fixtures/cli.ts';
import { DAY, estimate, order, state, verdict } from '../fixtures/risk.ts';

const HOUR = 3_600_000;

test('the canary caps bound max position and daily loss; tighter values in the file stay', () => {
  const caps = { capital: 1_000, maxPositionPct: 2, maxDailyLoss: 50 };
  assert.deepEqual(withCanaryCaps({ maxPositionPct: 10, maxDailyLoss: 500 }, caps), { maxPositionPct: 2, maxDailyLoss: 50 });
  assert.deepEqual(withCanaryCaps({ maxPositionPct: null, maxDailyLoss: undefined }, caps), { maxPositionPct: 2, maxDailyLoss: 50 });
  assert.deepEqual(withCanaryCaps({ maxPositionPct: 1, maxDailyLoss: 20 }, caps), { maxPositionPct: 1, maxDailyLoss: 20 });
});

/** The risk engine a fleet builds for the first instance of a fleet file (the same settings, the same kernel assembly). */
function riskOf(instance: Record<string, unknown>, fleet: Record<string, unknown> = {}): RiskEngine {
  const file = path.join(tempDir(), 'fleet.yml');
  writeFileSync(file, stringify({ acknowledgeLive: true, ...fleet, instances: [{ name: 'x', venue: 'binance', key: 'main', symbol: 'BTCUSDT', timeframe: '1h', ...instance }] }));
  const config = readFleetFile(file);
  const [only] = config.instances;
  const settings = instanceRiskSettings(only!.mode, parseBacktestConfig(instanceBacktestInput(only!), { file }), config.canary);
  const risk = kernelOnVenue(settings, { onCandle: () => null }, () => new ShadowVenue()).risk;
  // Calm candles before T0 (ATR 1% of price): the volatility filter knows its ATR and lets entries by.
  for (let i = 20; i > 0; i--) risk.observe(T0 - i * HOUR, 100.5, 99.5, 100, settings.cash, 0);
  return risk;
}

/** The engine's verdict on a market buy of `quote` worth at 100 a unit, flat, with `equity` at `time`. */
function entry(risk: RiskEngine, quote: number, equity = 500, time = T0): string {
  return verdict(risk.check(order('entry'), estimate(quote / 100), state({ cash: equity, equity, time })));
}

describe('the caps a real-money instance runs under, each exceeded once', () => {
  test('canary: max position 2% of equity, whatever the file says', () => {
    const risk = riskOf({ mode: 'canary', cash: 500, maxPositionPct: 10 });
    assert.equal(entry(risk, 9.5), 'approved');
    assert.match(entry(risk, 10.5), /^POSITION_LIMIT: position after the order 10\.5 above 2% of equity \(10\)$/);
  });

  test('canary: the day’s loss stops entries at 50 quote units, whatever the file says', () => {
    const risk = riskOf({ mode: 'canary', cash: 1_000, maxDailyLoss: 500, maxDailyLossPct: null });
    assert.equal(entry(risk, 10, 1_000), 'approved');
    assert.equal(entry(risk, 10, 951, T0 + HOUR), 'approved');
    assert.match(entry(risk, 10, 949, T0 + 2 * HOUR), /^DAILY_LOSS: /);
  });

  test('canary and live: a fourth entry in a UTC day is refused', () => {
    for (const mode of ['canary', 'live'] as const) {
      const risk = riskOf({ mode, cash: 1_000 });
      for (let i = 0; i < 3; i++) {
        assert.equal(entry(risk, 5, 1_000, T0 + i * HOUR), 'approved', `${mode}: entry ${i + 1}`);
        risk.recordEntry(T0 + i * HOUR);
      }
      assert.equal(entry(risk, 5, 1_000, T0 + 3 * HOUR), 'TRADES_PER_DAY: max trades per day (3) reached', mode);
      assert.equal(entry(risk, 5, 1_000, T0 + DAY), 'approved', `${mode}: the next UTC day`);
    }
  });

  test('live: max position 1%, daily loss 5%, price within 10% of the last trade, drawdown pause at 10%', () => {
    const live = (): RiskEngine => riskOf({ mode: 'live', cash: 10_000 });
    let risk = live();
    assert.equal(entry(risk, 100, 10_000), 'approved');
    assert.match(entry(risk, 101, 10_000), /^POSITION_LIMIT: .* above 1% of equity/);
    assert.match(verdict(risk.check(order('entry', 'buy', 111), estimate(0.5, 111), state({ cash: 10_000, equity: 10_000, lastPrice: 100 }))), /^PRICE_DEVIATION: /);
    risk = live();
    assert.equal(entry(risk, 50, 10_000), 'approved');
    assert.match(entry(risk, 50, 9_490, T0 + HOUR), /^DAILY_LOSS: /);
    // Each day loses less than 5%, together more than 10% from the peak.
    risk = live();
    const equities = [10_000, 9_600, 9_220, 8_950];
    equities.slice(0, -1).forEach((equity, day) => assert.equal(entry(risk, 50, equity, T0 + day * DAY), 'approved', `day ${day}`));
    assert.match(entry(risk, 50, equities.at(-1)!, T0 + 3 * DAY), /^DRAWDOWN_PAUSE: /);
  });

  test('canary: capital above 1,000 quote units is refused by the fleet file', () => {
    assert.throws(() => riskOf({ mode: 'canary', cash: 1_001 }), (error: unknown) => error instanceof ConfigError && /instances\.0\.cash.*at most 1000/.test(error.message));
  });
});

test('the fleet file takes an optional fleet exposure limit (quote currency)', () => {
  const dir = tempDir();
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ maxExposure: 5_000, instances: [{ name: 'a', symbol: 'BTCUSDT', timeframe: '1h' }] }));
  assert.equal(readFleetFile(file).maxExposure, 5_000);
  writeFileSync(file, stringify({ maxExposure: -1, instances: [{ name: 'a', symbol: 'BTCUSDT', timeframe: '1h' }] }));
  assert.throws(() => readFleetFile(file), ConfigError);
});
