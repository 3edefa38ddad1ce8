// Strategy files as a new user meets them, through the real command: a file outside the
// repository runs, its mistakes end the run with one line (exit 2, no stack), also inside sweep
// workers, and `rampart strategies new` writes a starter that backtests and sweeps.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';
import type { CliRun } from '../fixtures/cli.ts';

const dir = tempDir('rampart-cli-strategy-files-');
const db = path.join(dir, 'rampart.db');
const PEPE = path.join(ROOT, 'test/fixtures/cases/PEPEUSDT-15m-tiny-prices.csv');

/** Exit 2, exactly one line on stderr (after any progress lines), no stack frame. */
function assertOneLine(run: CliRun): string {
  assert.equal(run.status, 2, `expected exit 2, got ${run.status}: ${run.stderr}`);
  const lines = run.stderr.trim().split('\n').filter((line) => line.startsWith('rampart:') || /^\s+at /.test(line) || /Error/.test(line));
  assert.equal(lines.length, 1, `expected one error line, got:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /^\s+at .+:\d+:\d+/m);
  return lines[0]!;
}

/** A .ts strategy in the temp dir, named as its file; `body` ends onCandle (line 12 of the file), after `value` = SMA. */
function strategyFile(name: string, body: string): string {
  const file = path.join(dir, `${name}.ts`);
  writeFileSync(
    file,
    `import { Sma } from 'rampart/indicators';
import type { StrategyDefinition } from 'rampart/strategies';
export default {
  name: '${name}',
  description: 'test',
  params: [{ name: 'period', type: 'int', default: 5, min: 2, description: 'SMA period' }],
  create(params) {
    const sma = new Sma(Number(params['period']));
    return {
      onCandle(ctx) {
        const value = sma.update(ctx.candle.close);
        ${body}
      },
    };
  },
} satisfies StrategyDefinition;
`,
  );
  return file;
}

describe('strategy files through the CLI', () => {
  test('the rsi-revert case runs from a folder outside the repository (was: Cannot require() ES Module … in a cycle)', () => {
    const file = path.join(dir, 'rsi-revert.ts');
    copyFileSync(path.join(ROOT, 'test/fixtures/cases/rsi-revert.ts'), file);
    const run = rampart(['backtest', '--data', PEPE, '--timeframe', '15m', '--strategy', file, '--period', '14', '--low', '40', '--high', '60', '--fee', '0', '--json', '--db', db], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { trades: unknown[]; config: { strategy: string } };
    assert.equal(report.config.strategy, file);
    assert.ok(report.trades.length > 0);
  });

  test('a syntax error: one line with file:line:column and what is wrong, exit 2; the stack only with --debug', () => {
    const file = strategyFile('syntax-error', `const x = 1 foo;\n        return null;`);
    const args = ['backtest', '--data', PEPE, '--timeframe', '15m', '--strategy', file, '--db', db];
    assert.equal(assertOneLine(rampart(args)), `rampart: ${file}:12:21: Expected ";" but found "foo"`);
    const debug = rampart([...args, '--debug']);
    assert.equal(debug.status, 2);
    assert.match(debug.stderr, /^\s+at /m);
  });

  test('a throw in onCandle: the file line, the candle time and the strategy name, exit 2', () => {
    const file = strategyFile('throws-late', `if (ctx.index === 30) throw new Error('out of range');\n        return null;`);
    const line = assertOneLine(rampart(['backtest', '--data', PEPE, '--timeframe', '15m', '--strategy', file, '--db', db]));
    // The 31st candle of the file opens 2024-01-21T07:30Z.
    assert.equal(line, `rampart: ${file}:12:37: strategy 'throws-late' threw at candle 2024-01-21T07:30:00.000Z: Error: out of range`);
  });

  test("side 'buy' on spot stops the run instead of opening shorts", () => {
    const file = strategyFile('buys', `return ctx.position === 0 ? ({ type: 'enter', side: 'buy' } as never) : null;`);
    const line = assertOneLine(rampart(['backtest', '--data', PEPE, '--timeframe', '15m', '--strategy', file, '--db', db]));
    assert.equal(line, `rampart: ${file}: strategy 'buys' returned a bad intent at candle 2024-01-21T00:00:00.000Z: field 'side': 'buy' is not 'long' or 'short'`);
  });

  test('a throw inside 2 sweep workers stops the sweep with the same one line, exit 2', () => {
    const file = strategyFile('throws-in-sweep', `if (ctx.index === 300) throw new RangeError('sweep boom');\n        return Number.isNaN(value) ? null : null;`);
    const run = rampart(['sweep', '--strategy', file, '--symbols', 'BTCUSDT', '--timeframes', '4h', '--period', '5..12', '--workers', '2', '--db', db]);
    const line = assertOneLine(run);
    assert.match(line, new RegExp(`^rampart: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:12:38: strategy 'throws-in-sweep' threw at candle \\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00\\.000Z: RangeError: sweep boom$`));
  });

  test('strategies new writes a starter outside the repository that backtests with trades and sweeps on 2 workers', () => {
    const created = rampart(['strategies', 'new', 'my-first', '--dir', dir]);
    assert.equal(created.status, 0, created.stderr);
    const file = path.join(dir, 'my-first.ts');
    assert.match(readFileSync(file, 'utf8'), /name: 'my-first'/);

    const backtest = rampart(['backtest', '--strategy', file, '--symbol', 'BTCUSDT', '--timeframe', '4h', '--json', '--db', db], { cwd: dir });
    assert.equal(backtest.status, 0, backtest.stderr);
    assert.ok((JSON.parse(backtest.stdout) as { metrics: { tradeCount: number } }).metrics.tradeCount > 0);

    const sweep = rampart(['sweep', '--strategy', file, '--symbols', 'BTCUSDT', '--timeframes', '4h', '--fast', '5..20:5', '--workers', '2', '--json', '--db', db], { cwd: dir });
    assert.equal(sweep.status, 0, sweep.stderr);
    const results = (JSON.parse(sweep.stdout) as { results: { params: { fast: number }; metrics: { tradeCount: number } }[] }).results;
    assert.deepEqual(results.map((row) => row.params.fast).sort((a, b) => a - b), [5, 10, 15, 20]);
    assert.ok(results.every((row) => row.metrics.tradeCount > 0));

    assert.equal(assertOneLine(rampart(['strategies', 'new', 'my-first', '--dir', dir])), `rampart: ${file}: already exists; not overwritten (pick another name or --dir)`);
    assert.match(assertOneLine(rampart(['strategies', 'new', '../escape', '--dir', dir])), /bad strategy name '\.\.\/escape'/);
  });
});
