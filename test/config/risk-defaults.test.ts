// Each mode's risk limits: the live defaults for the modes that reach an exchange or mimic one,
// none for a backtest or paper trading (paper equals backtest), the file's value first, null to
// switch a default off. The live limits belong to an instance or a backtest, not to a sweep.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBacktestConfig } from '../../src/backtest/index.ts';
import { instanceSchema, LIVE_RISK_DEFAULTS, parseSettings, resolveRiskLimits, riskDefaultsFor } from '../../src/config/index.ts';
import { ConfigError } from '../../src/core/index.ts';
import { parseSweepSpec } from '../../src/research/sweep/index.ts';

function instance(extra: Record<string, unknown>) {
  return parseSettings(instanceSchema, { name: 'a', symbol: 'BTCUSDT', timeframe: '1h', ...extra });
}

test('a backtest and a paper instance get no limit they did not set', () => {
  const base = { allowShort: false, maxTradesPerDay: Infinity, stopLossPct: 0, takeProfitPct: 0 };
  assert.deepEqual(resolveRiskLimits('backtest', parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1h' })), base);
  assert.deepEqual(resolveRiskLimits('paper', instance({})), base);
});

test('live modes get the issue\'s defaults; canary its hard caps; canary and live three entries a day', () => {
  assert.deepEqual(riskDefaultsFor('testnet'), { maxPositionPct: 1, maxOrderPct: 25, maxPriceDeviationPct: 10, maxDailyLossPct: 5, maxDrawdownPct: 10, maxAtrPct: 10, checkFilters: true });
  assert.deepEqual(riskDefaultsFor('shadow'), riskDefaultsFor('testnet'));
  assert.deepEqual(riskDefaultsFor('live'), { ...LIVE_RISK_DEFAULTS, maxTradesPerDay: 3 });
  const canary = resolveRiskLimits('canary', instance({ mode: 'canary' }));
  assert.equal(canary.maxPositionPct, 2);
  assert.equal(canary.maxDailyLoss, 50);
  assert.equal(canary.maxDailyLossPct, 5);
  assert.equal(canary.maxTradesPerDay, 3);
  assert.equal(resolveRiskLimits('testnet', instance({ mode: 'testnet' })).maxTradesPerDay, Infinity);
});

test('a value in the file wins over the mode\'s default, and null switches the default off', () => {
  const limits = resolveRiskLimits('live', instance({ mode: 'live', maxPositionPct: 5, maxAtrPct: null, maxTradesPerDay: null }));
  assert.equal(limits.maxPositionPct, 5);
  assert.equal('maxAtrPct' in limits, false);
  assert.equal(limits.maxTradesPerDay, Infinity);
  assert.equal(limits.maxDrawdownPct, 10);
});

test('limits are checked at parse time: a percentage above 100 is refused on its field; a sweep has no live limits', () => {
  assert.throws(() => instance({ maxPositionPct: 150 }), (error: unknown) => error instanceof ConfigError && /maxPositionPct/.test(error.message));
  assert.throws(() => parseSweepSpec({ symbols: ['BTCUSDT'], timeframes: ['1d'], maxPositionPct: 1 }), ConfigError);
  assert.equal(parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1h', maxDailyLoss: 20 }).maxDailyLoss, 20);
});
