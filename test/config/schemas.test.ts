// The config parts are one schema each: the backtest config, the sweep spec and the instance
// (deployment) file take a shared setting under one name with one default, and files written for
// earlier versions are refused with the key that replaces the old one.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { instanceBacktestInput, parseBacktestConfig } from '../../src/backtest/index.ts';
import { DEFAULT_WARMUP_CANDLES, instanceSchema, parseSettings, readInstanceFile } from '../../src/config/index.ts';
import { ConfigError } from '../../src/core/index.ts';
import { parseStoredSweepSpec, parseSweepSpec, resolveSweepSpec } from '../../src/research/sweep/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const dir = tempDir();

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

/** The settings every composite shares: its parts' fields other than the market and the window. */
const SHARED = ['exchange', 'warmupCandles', 'strategy', 'cash', 'sizing', 'sizingValue', 'fill', 'fee', 'slippage', 'allowShort', 'stopLossPct', 'takeProfitPct', 'maxTradesPerDay'] as const;

function shared(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(SHARED.map((key) => [key, value[key]]));
}

describe('config schemas', () => {
  test('the backtest config, the sweep spec and an instance give every shared setting the same default', () => {
    const backtest = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d' });
    const sweep = parseSweepSpec({ symbols: ['BTCUSDT'], timeframes: ['1d'] });
    const instance = parseSettings(instanceSchema, { name: 'macd-btcusdt-1d', symbol: 'BTCUSDT', timeframe: '1d' });
    assert.deepEqual(shared(sweep), shared(backtest));
    assert.deepEqual(shared(instance), shared(backtest));
    assert.equal(backtest.warmupCandles, DEFAULT_WARMUP_CANDLES);
    assert.equal(instance.mode, 'paper');
  });

  test('a sizing value that does not fit the mode is refused alike by all three, on sizingValue', () => {
    const percent = { sizing: 'percent', sizingValue: 120 } as const;
    const problems = [
      () => parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d', ...percent }),
      () => parseSweepSpec({ symbols: ['BTCUSDT'], timeframes: ['1d'], ...percent }),
      () => parseSettings(instanceSchema, { name: 'x', symbol: 'BTCUSDT', timeframe: '1d', ...percent }),
    ];
    for (const parse of problems) assert.throws(parse, (error: unknown) => error instanceof ConfigError && error.message === "field 'sizingValue': percent sizing 120 is above 100");
  });

  test("a sweep file with the old key 'warmup' is refused, naming the file, the line and 'warmupCandles'", () => {
    const yml = file('old-sweep.yml', 'symbols: [BTCUSDT]\ntimeframes: [1d]\nwarmup: 50\n');
    assert.throws(() => resolveSweepSpec(yml, {}), (error: unknown) => error instanceof ConfigError && error.message === `${yml}, line 3, field 'warmup': 'warmup' is no longer read: write 'warmupCandles' instead`);
    const renamed = file('new-sweep.yml', 'symbols: [BTCUSDT]\ntimeframes: [1d]\nwarmupCandles: 50\nfee: 0.075%\n');
    const spec = resolveSweepSpec(renamed, { symbols: ['ETHUSDT'] });
    assert.equal(spec.warmupCandles, 50);
    assert.equal(spec.fee, 0.00075);
    assert.deepEqual(spec.symbols, ['ETHUSDT']);
  });

  test('flag parameter ranges merge with the file\'s per parameter', () => {
    const yml = file('ranges.yml', 'symbols: [BTCUSDT]\ntimeframes: [1d]\nparams:\n  fast: 3..9\n  slow: 20..30\n');
    assert.deepEqual(resolveSweepSpec(yml, { params: { slow: '40' } }).params, { fast: '3..9', slow: '40' });
  });

  test('a sweep stored by an earlier version (with warmup) is read under the new name', () => {
    const spec = parseStoredSweepSpec({ symbols: ['BTCUSDT'], timeframes: ['1d'], warmup: 80, source: 'auto' });
    assert.equal(spec.warmupCandles, 80);
  });

  test('an instance file reads into the backtest config it trades with; rates may be written with %', () => {
    const yml = file('deploy.yml', ['name: macd-btcusdt-4h', 'symbol: BTCUSDT', 'timeframe: 4h', 'params: { fast: 8 }', 'sizing: percent', 'sizingValue: 50', 'fee: 0.075%', 'stopLossPct: 2', 'maxTradesPerDay: 3', 'tested: { passed: true }', ''].join('\n'));
    const config = parseBacktestConfig(instanceBacktestInput(readInstanceFile(yml)));
    assert.equal(config.fee, 0.00075);
    assert.equal(config.maxTradesPerDay, 3);
    assert.equal(config.stopLossPct, 2);
    assert.deepEqual([config.sizing, config.sizingValue, config.params], ['percent', 50, { fast: 8 }]);
  });

  test('a deployment file of an earlier version (nested sizing, risk, fees) is refused with the keys that replace them', () => {
    const nestedSizing = file('old-deploy.yml', 'name: a\nsymbol: BTCUSDT\ntimeframe: 4h\nsizing:\n  mode: percent\n  value: 50\n');
    assert.throws(() => readInstanceFile(nestedSizing), /old-deploy\.yml, line 4, field 'sizing': 'sizing' is now the mode alone .*'sizingValue'/);
    const risk = file('old-risk.yml', 'name: a\nsymbol: BTCUSDT\ntimeframe: 4h\nrisk:\n  stopLossPct: 2\n');
    assert.throws(() => readInstanceFile(risk), /old-risk\.yml, line 4, field 'risk': 'risk' is no longer read: write 'stopLossPct', 'takeProfitPct' and 'maxTradesPerDay' at the top level instead/);
  });

  test('a misspelt instance key is refused with the nearest known key', () => {
    const yml = file('typo.yml', 'name: a\nsymbol: BTCUSDT\ntimeframe: 4h\nmaxTradesPerDy: 3\n');
    assert.throws(() => readInstanceFile(yml), /typo\.yml, line 4, .*unknown key 'maxTradesPerDy' \(did you mean 'maxTradesPerDay'\?\)/);
  });
});
