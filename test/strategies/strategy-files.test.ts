// Strategy files outside the repository: loading in every extension with 'rampart/…' imports,
// syntax errors and throws reported at the file's own line, and intents checked as they leave the
// strategy. Files go to os.tmpdir(), where no node_modules/rampart exists.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runBacktest } from '../../src/backtest/index.ts';
import { InputError } from '../../src/core/index.ts';
import { loadStrategyFile, resolveParams } from '../../src/strategies/index.ts';
import { candles, plainConfig, T0, HOUR } from '../fixtures/backtest.ts';
import { loadCandles } from '../../src/data/index.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';

const dir = tempDir('rampart-strategy-files-');
const EXTENSIONS = ['ts', 'mts', 'js', 'mjs'] as const;
type Extension = (typeof EXTENSIONS)[number];
const isTypeScript = (ext: Extension): boolean => ext.endsWith('ts');

/** Rising then falling closes: a 3-candle SMA strategy enters and exits at least once. */
const rows = [100, 101, 102, 104, 107, 111, 110, 106, 101, 97, 95, 96, 99, 104, 110, 115, 112, 105, 99, 94].map((c) => [c, c + 1, c - 1, c] as const);
const series = candles(rows);

/**
 * Writes a strategy file; `name` is unique per file (a transform cache keyed by content must not
 * mix two files up). `onCandle` is the body of onCandle(ctx), where `sma` is an Sma(3) already
 * updated with the close; TypeScript files get type annotations and type imports.
 */
function writeStrategy(name: string, ext: Extension, onCandle: string, options: { create?: string; prepare?: string; folder?: string } = {}): string {
  const ts = isTypeScript(ext);
  const file = path.join(options.folder ?? dir, `${name}.${ext}`);
  writeFileSync(
    file,
    [
      `import { Sma } from 'rampart/indicators';`,
      `import { timeframeMs } from 'rampart/core';`,
      `import { CrossDetector } from 'rampart/strategies';`,
      ts ? `import type { StrategyDefinition, StrategyContext } from 'rampart/strategies';` : '',
      `const hour${ts ? ': number' : ''} = timeframeMs('1h');`,
      `export default {`,
      `  name: '${name}',`,
      `  description: 'test strategy, ' + hour + ' ms candles',`,
      `  params: [{ name: 'period', type: 'int', default: 3, min: 2, description: 'SMA period' }],`,
      `  create(params${ts ? ': Record<string, unknown>' : ''}) {`,
      `    ${options.create ?? ''}`,
      `    const sma = new Sma(Number(params['period']));`,
      `    const cross = new CrossDetector();`,
      `    return {`,
      `      prepare() { ${options.prepare ?? ''} },`,
      `      onCandle(ctx${ts ? ': StrategyContext' : ''}) {`,
      `        const value = sma.update(ctx.candle.close);`,
      `        void cross;`,
      `        ${onCandle}`,
      `      },`,
      `    };`,
      `  },`,
      `}${ts ? ' satisfies StrategyDefinition' : ''};`,
      '',
    ].join('\n'),
  );
  return file;
}

const SMA_RULE = `if (Number.isNaN(value)) return null;
        if (ctx.candle.close > value && ctx.position === 0) return { type: 'enter', side: 'long' };
        if (ctx.candle.close < value && ctx.position > 0) return { type: 'exit' };
        return null;`;

async function backtestFile(file: string, params: Record<string, number> = {}) {
  const definition = await loadStrategyFile(file);
  const config = plainConfig({ strategy: file, params });
  return runBacktest(series, config, definition.create(resolveParams(definition, params)));
}

/** Runs `action` and returns the InputError it throws (failing the test otherwise). */
async function inputError(action: () => unknown): Promise<InputError> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.equal(error.message.includes('\n'), false, `expected one line, got: ${error.message}`);
    return error;
  }
  assert.fail('expected an InputError');
}

const iso = (index: number): string => new Date(T0 + index * HOUR).toISOString();

describe('strategy files outside the repository', () => {
  for (const ext of EXTENSIONS) {
    test(`a .${ext} file in the temp dir loads, imports rampart/indicators, /core and /strategies, and trades`, async () => {
      const file = writeStrategy(`sma-${ext}`, ext, SMA_RULE);
      const definition = await loadStrategyFile(file);
      assert.equal(definition.name, `sma-${ext}`);
      assert.equal(definition.description, 'test strategy, 3600000 ms candles'); // a value import from rampart/core ran
      const result = await backtestFile(file);
      assert.ok(result.trades.length > 0);
      assert.ok(result.trades.every((trade) => trade.side === 'long'));
    });

    test(`a .${ext} file's wrong side ('buy') stops the run naming strategy, candle and field, instead of opening a short`, async () => {
      const file = writeStrategy(`buy-side-${ext}`, ext, `return ctx.index === 4 ? ({ type: 'enter', side: 'buy' }${isTypeScript(ext) ? ' as never' : ''}) : null;`);
      const error = await inputError(() => backtestFile(file));
      assert.equal(error.message, `${file}: strategy 'buy-side-${ext}' returned a bad intent at candle ${iso(4)}: field 'side': 'buy' is not 'long' or 'short'`);
    });

    test(`a syntax error in a .${ext} file names file:line:column and what is wrong`, async () => {
      const file = writeStrategy(`syntax-${ext}`, ext, `const broken = 1 foo;\n        return null;`);
      const error = await inputError(() => loadStrategyFile(file));
      // Line 19 of the written file, column of "foo" counted from 1.
      assert.equal(error.message, `${file}:19:26: Expected ";" but found "foo"`);
    });

    test(`a throw in a .${ext} file's onCandle names the file's line, the candle time and the strategy`, async () => {
      const file = writeStrategy(`throws-${ext}`, ext, `if (ctx.index === 7) throw new RangeError('no data for ' + ctx.index);\n        return null;`);
      const error = await inputError(() => backtestFile(file));
      assert.equal(error.message, `${file}:19:36: strategy 'throws-${ext}' threw at candle ${iso(7)}: RangeError: no data for 7`);
      assert.ok(error.cause instanceof RangeError, 'the original error stays as the cause (for --debug)');
    });
  }

  test('a throw in create() names the file line and the phase', async () => {
    const file = writeStrategy('throws-create', 'ts', 'return null;', { create: `if (Number(params['period']) > 2) throw new Error('period too long');` });
    const definition = await loadStrategyFile(file);
    const error = await inputError(() => definition.create({ period: 3 }));
    assert.equal(error.message, `${file}:11:45: strategy 'throws-create' threw in create(): Error: period too long`);
  });

  test('a throw in prepare() names the file line and the phase', async () => {
    const file = writeStrategy('throws-prepare', 'mjs', 'return null;', { prepare: `throw new TypeError('cannot prepare');` });
    const error = await inputError(() => backtestFile(file));
    assert.equal(error.message, `${file}:15:25: strategy 'throws-prepare' threw in prepare(): TypeError: cannot prepare`);
  });

  test('a throw while the file loads names the line; a missing rampart export is named', async () => {
    const top = path.join(dir, 'throws-on-load.ts');
    writeFileSync(top, `const x: number = 1;\nif (x === 1) throw new Error('not configured');\nexport default {};\n`);
    assert.equal((await inputError(() => loadStrategyFile(top))).message, `${top}:2:20: cannot load strategy: Error: not configured`);
    const missing = path.join(dir, 'missing-export.ts');
    writeFileSync(missing, `import { NoSuchIndicator } from 'rampart/indicators';\nexport default { name: 'm', description: '', params: [], create: () => new NoSuchIndicator() };\n`);
    assert.match((await inputError(() => loadStrategyFile(missing))).message, /missing-export\.ts: cannot load strategy: SyntaxError: .*NoSuchIndicator/);
  });

  test('a strategy imports its own helper file by relative path, from a folder with a package.json without "type"', async () => {
    const folder = path.join(dir, 'project');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'package.json'), '{ "name": "my-strategies" }\n');
    writeFileSync(path.join(folder, 'threshold.ts'), `export const threshold = (value: number): number => value * 1;\n`);
    const file = writeStrategy('with-helper', 'ts', `return Number.isNaN(value) || ctx.candle.close <= threshold(value) ? null : { type: 'enter', side: 'long' };`, { folder });
    writeFileSync(file, `import { threshold } from './threshold.ts';\n${(await import('node:fs')).readFileSync(file, 'utf8')}`);
    const result = await backtestFile(file);
    assert.ok(result.trades.length > 0);
  });

  test('the rsi-revert case file loads from a folder outside the repository and runs on its candles', async () => {
    const folder = path.join(dir, 'cases');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'rsi-revert.ts');
    copyFileSync(path.join(ROOT, 'test/fixtures/cases/rsi-revert.ts'), file);
    const definition = await loadStrategyFile(file);
    assert.equal(definition.name, 'rsi-revert');
    const params = resolveParams(definition, { period: 14, low: 40, high: 60 });
    const pepe = loadCandles({ exchange: 'binance', symbol: 'PEPEUSDT', timeframe: '15m', dataFile: path.join(ROOT, 'test/fixtures/cases/PEPEUSDT-15m-tiny-prices.csv') }).series;
    const result = runBacktest(pepe, plainConfig({ strategy: file, timeframe: '15m', params }), definition.create(params));
    assert.ok(result.trades.length > 0);
  });
});
