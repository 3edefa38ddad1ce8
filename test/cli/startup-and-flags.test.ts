// The `rampart` command as a new user meets it: compiled start-up that loads only what the invoked
// command needs, --version, hints that run as printed, and the plausible mistakes that used to run
// silently with another meaning (a fee in %, a US date, a misspelt YAML key, …), each refused with
// one line and exit code 2.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import { COMMANDS, invokedCommand } from '../../src/cli/command-table.ts';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

const dir = tempDir();
const db = path.join(dir, 'rampart.db');

/** A bad-input run: exit code 2, exactly one line on stderr, no stack trace; returns that line. */
function badInput(args: readonly string[], options: Parameters<typeof rampart>[1] = {}): string {
  const run = rampart(args, options);
  assert.equal(run.status, 2, `expected exit 2, got ${run.status}: ${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\bat .+:\d+:\d+/);
  return lines[0]!;
}

/** The modules a run loads, from a resolve hook that logs every URL. */
function modulesLoadedBy(args: readonly string[]): string[] {
  const log = path.join(dir, `modules-${args[0] ?? ''}-${process.hrtime.bigint()}.txt`);
  const run = rampart(args, { nodeFlags: ['--import', path.join(ROOT, 'test/fixtures/module-log.mjs')], env: { RAMPART_TEST_MODULE_LOG: log } });
  assert.equal(run.status, 0, run.stderr);
  return readFileSync(log, 'utf8').trim().split('\n');
}

function backtestJson(args: readonly string[]): { config: { fee: number; slippage: number; from?: number; sizing: string; sizingValue: number } } {
  const run = rampart(['backtest', '--db', db, '--json', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as ReturnType<typeof backtestJson>;
}

describe('start-up', () => {
  test('the command runs compiled JavaScript from dist/, and --help loads no command module and no heavy package', () => {
    const modules = modulesLoadedBy(['--help']);
    assert.ok(modules.some((url) => url.endsWith('/dist/cli/main.js')), modules.join('\n'));
    assert.ok(!modules.some((url) => /\/src\/.*\.ts$/.test(url)), 'TypeScript source loaded');
    for (const heavy of ['ccxt', 'better-sqlite3', 'zod', 'yaml', 'pg', 'bullmq', 'ioredis', 'esbuild', 'tsx', 'lightweight-charts', 'ws']) {
      assert.ok(!modules.some((url) => url.includes(`/node_modules/${heavy}/`)), `--help loaded ${heavy}`);
    }
    assert.ok(!modules.some((url) => /\/chunks\/(backtest|sweep|data|keys|simulator)-/.test(url)), 'a command module was loaded');
    // zod and yaml are compiled into dist/ (scripts/build.mjs): not in node_modules, but not loaded either.
    for (const url of modules.filter((u) => u.includes('/dist/'))) {
      assert.doesNotMatch(readFileSync(fileURLToPath(url), 'utf8'), /"\$ZodType"|LineCounter/, `--help loaded zod or yaml in ${url}`);
    }
  });

  test('a command loads only its own dependencies: `data list` goes without ccxt, `backtest` without PostgreSQL and BullMQ', () => {
    const data = modulesLoadedBy(['data', 'list', '--db', db]);
    assert.ok(!data.some((url) => url.includes('/node_modules/ccxt/')), 'data list loaded ccxt');
    const backtest = modulesLoadedBy(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--db', db, '--json']);
    for (const heavy of ['ccxt', 'pg', 'bullmq', 'ioredis']) assert.ok(!backtest.some((url) => url.includes(`/node_modules/${heavy}/`)), `backtest loaded ${heavy}`);
  });

  test('the top-level help lists every command with the description its module registers', async () => {
    const help = rampart(['--help']);
    assert.equal(help.status, 0);
    for (const entry of COMMANDS) {
      const program = new Command('rampart');
      (await entry.load())(program);
      const registered = program.commands.find((command) => command.name() === entry.name);
      assert.ok(registered !== undefined, `${entry.name} is not registered by its module`);
      assert.equal(entry.description, registered.description(), `description of ${entry.name}`);
      assert.match(help.stdout, new RegExp(`^  ${entry.name} `, 'm'));
    }
  });

  test('the invoked command is found after root options and behind `help`', () => {
    assert.equal(invokedCommand(['--db', 'sweep', 'backtest', '--symbol', 'X'])?.name, 'backtest');
    assert.equal(invokedCommand(['--db=x.db', '--debug', 'sweep'])?.name, 'sweep');
    assert.equal(invokedCommand(['help', 'keys'])?.name, 'keys');
    assert.equal(invokedCommand(['--help']), undefined);
    const help = rampart(['help', 'backtest']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /Usage: rampart backtest/);
    assert.match(help.stdout, /--sizing <mode>/);
  });

  test('--version prints the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = rampart([flag]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), pkg.version);
    }
  });

  test('package.json exports compiled JavaScript for running and the TypeScript sources for types', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    for (const [name, target] of Object.entries(pkg.exports)) {
      assert.match(target.default, /^\.\/dist\/.*\.js$/, name);
      assert.ok(existsSync(path.join(ROOT, target.types)), `${name} types`);
      assert.ok(existsSync(path.join(ROOT, target.default)), `${name} not built`);
    }
    const indicators = (await import(path.join(ROOT, pkg.exports['./indicators']!.default))) as { Ema?: unknown };
    assert.equal(typeof indicators.Ema, 'function');
  });
});

describe('hints run as printed', () => {
  test('the rerun hint names the store it needs and reproduces the run', () => {
    const other = path.join(dir, 'other store.db');
    const run = rampart(['backtest', '--symbol', 'XRPUSDT', '--timeframe', '1d', '--db', other]);
    assert.equal(run.status, 0, run.stderr);
    const hint = /reproduce it with: (npx rampart .*)$/m.exec(run.stdout)?.[1];
    assert.ok(hint !== undefined, run.stdout);
    assert.match(hint, /^npx rampart --db '.*other store\.db' backtest --rerun 1$/);
    // The hint as a shell reads it: single quotes group a word.
    const words = [...hint.replace(/^npx rampart /, '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    const rerun = rampart(words);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, /run #1 reproduced exactly/);
  });

  test('a missing timeframe suggests a resample command that works', () => {
    const line = badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '2h', '--db', db]);
    const hint = /or: npx rampart (data resample [^)]*)\)/.exec(line)?.[1];
    assert.ok(hint !== undefined, line);
    const resample = rampart([...hint.split(' '), '--db', db]);
    assert.equal(resample.status, 0, resample.stderr);
    assert.equal(rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '2h', '--db', db]).status, 0);
  });
});

describe('mistakes that used to run silently', () => {
  test('--fee 0.1 (meant as 0.1%) is refused; 0.1% and fractions are accepted, and so is an explicit 10%', () => {
    assert.match(badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--fee', '0.1', '--db', db]), /--fee 0\.1 is 10% per side; write 0\.1% if you meant/);
    assert.match(badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--slippage', '0.05', '--db', db]), /--slippage 0\.05 is 5%/);
    assert.equal(backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--fee', '0.1%']).config.fee, 0.001);
    assert.equal(backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--fee', '0.00075']).config.fee, 0.00075);
    assert.equal(backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--slippage', '0.05%']).config.slippage, 0.0005);
    assert.equal(backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--fee', '10%']).config.fee, 0.1);
    assert.match(badInput(['sweep', '--symbols', 'BTCUSDT', '--timeframes', '1d', '--fee', '0.1', '--db', db]), /--fee 0\.1 is 10% per side/);
  });

  test('fee and slippage in a sweep config follow the same rule, named by file and line', () => {
    const file = path.join(dir, 'fee.yml');
    writeFileSync(file, 'symbols: [BTCUSDT]\ntimeframes: [1d]\nslippage: 0.02\n');
    assert.equal(badInput(['sweep', '--config', file, '--db', db]), `rampart: ${file}, line 3: slippage 0.02 is 2% per side; write 0.02% if you meant 0.02 percent, or 2% if you mean it`);
    writeFileSync(file, 'symbols: [BTCUSDT]\ntimeframes: [1d]\nfee: 0.1%\nparams: {fast: 12, slow: 26, signal: 9}\n');
    const run = rampart(['sweep', '--config', file, '--db', db, '--json', '--workers', '1']);
    assert.equal(run.status, 0, run.stderr);
  });

  test('--from accepts ISO-8601 and epoch ms only, UTC unless an offset is given', () => {
    const line = badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '01/05/2025', '--db', db]);
    assert.match(line, /--from must be an ISO-8601 date .* got '01\/05\/2025'/);
    badInput(['sweep', '--symbols', 'BTCUSDT', '--timeframes', '1d', '--to', 'May 1 2025', '--db', db]);
    badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '2025-02-30', '--db', db]);
    assert.equal(backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '2025-01-05']).config.from, Date.UTC(2025, 0, 5));
    assert.equal(backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '2025-01-05T02:00+02:00']).config.from, Date.UTC(2025, 0, 5));
    assert.equal(backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', String(Date.UTC(2025, 0, 5))]).config.from, Date.UTC(2025, 0, 5));
  });

  test('a sweep config date in a US format is refused with its file and field', () => {
    const file = path.join(dir, 'dates.yml');
    writeFileSync(file, 'symbols: [BTCUSDT]\ntimeframes: [1d]\nranges:\n  - from: 01/05/2025\n');
    assert.match(badInput(['sweep', '--config', file, '--db', db]), /'01\/05\/2025' is not an ISO date or epoch ms/);
  });

  test('a missing --data file is one line naming the file', () => {
    const missing = path.join(dir, 'nope-1h.csv');
    assert.equal(badInput(['backtest', '--data', missing, '--db', db]), `rampart: ${missing}: file not found`);
  });

  test('a misspelt key in a sweep config names the file, the line, the key and the nearest known key', () => {
    const file = path.join(dir, 'typo.yml');
    writeFileSync(file, 'strategy: macd-cross\nsymbls: [BTCUSDT]\ntimeframes: [1d]\n');
    assert.equal(badInput(['sweep', '--config', file, '--db', db]), `rampart: ${file}, line 2, field 'symbls': unknown key 'symbls' (did you mean 'symbols'?)`);
    writeFileSync(file, 'symbols: [BTCUSDT]\ntimeframes: [1d]\nranges:\n  - from: 2025-01-01\n    untill: 2025-03-01\n');
    assert.match(badInput(['sweep', '--config', file, '--db', db]), /, line 5, field 'ranges\.0\.untill': unknown key 'untill' \(known keys: from, to\)/);
    writeFileSync(file, 'symbols: [BTCUSDT\ntimeframes: [1d]\n');
    assert.match(badInput(['sweep', '--config', file, '--db', db]), /typo\.yml, line 2: invalid YAML/);
  });

  test('sizing flags are named as typed: --sizing quote needs --size, and --size alone is not ignored', () => {
    assert.equal(badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--sizing', 'quote', '--db', db]), 'rampart: --sizing quote needs --size (the quote amount per trade)');
    assert.match(badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--size', '500', '--db', db]), /--size needs --sizing fixed, quote or percent/);
    assert.match(badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--sizing', 'percent', '--size', '150', '--db', db]), /^rampart: --size: /);
    assert.match(badInput(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--warmup', '1.5', '--db', db]), /^rampart: --warmup: /);
    const warned = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--sizing', 'percent', '--size', '0.5', '--db', db, '--json']);
    assert.equal(warned.status, 0, warned.stderr);
    assert.match(warned.stderr, /warning: --size 0\.5 with --sizing percent is 0\.5% of equity per trade; write 50 for 50%/);
  });

  test('a new key store needs a passphrase of 12 characters or more, and a key an exchange rampart knows', () => {
    const keys = path.join(dir, 'keys.json');
    const input = 'the-api-key\nthe-api-secret\n';
    const short = badInput(['keys', '--keys', keys, 'add', 'main', '--exchange', 'binance'], { env: { RAMPART_PASSPHRASE: 'x' }, input });
    assert.match(short, /RAMPART_PASSPHRASE is 1 characters; a new key store needs at least 12/);
    assert.ok(!existsSync(keys));
    const env = { RAMPART_PASSPHRASE: 'a long enough passphrase' };
    assert.equal(badInput(['keys', '--keys', keys, 'add', 'main', '--exchange', 'binanse'], { env, input }), "rampart: --exchange: unknown exchange 'binanse' (known: binance, coinbase, kraken)");
    const added = rampart(['keys', '--keys', keys, 'add', 'main', '--exchange', 'kraken'], { env, input });
    assert.equal(added.status, 0, added.stderr);
  });

  test('rampart worker refuses a job lock given in seconds and a concurrency below one, before connecting', () => {
    assert.match(badInput(['worker', '--redis', 'redis://127.0.0.1:1', '--lock-ms', '30', '--db', db]), /--lock-ms 30 is 30 ms, shorter than a job runs; it is in milliseconds \(30000 = 30 s\)/);
    assert.match(badInput(['worker', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0', '--db', db]), /--concurrency must be a positive integer/);
  });

  test('the key store file is ignored by git', () => {
    const ignored = readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n');
    assert.ok(ignored.includes('rampart-keys.json'));
    assert.ok(ignored.includes('dist/'));
  });
});
