// Runs you can trace: every run names its data set on stderr, a short stored set never silently
// replaces the bundled one, and a candle file's symbol (with its market rules) comes only from --symbol.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

const dir = tempDir();
const db = path.join(dir, 'r.db');
const BUNDLED = path.join(ROOT, 'data/binance/BTCUSDT-1h.csv');
const SMA = ['--strategy', 'sma-cross', '--fast', '5', '--slow', '20'];

describe('which data a run uses', () => {
  test('a short download of a bundled set is refused under auto, and --source picks either set, named on stderr', () => {
    const short = path.join(dir, 'short.csv');
    writeFileSync(short, readFileSync(BUNDLED, 'utf8').split('\n').slice(0, 512).join('\n') + '\n');
    assert.equal(rampart(['data', 'import', short, '--symbol', 'BTCUSDT', '--timeframe', '1h', '--db', db]).status, 0);

    const refused = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1h', ...SMA, '--db', db]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^rampart: the store .* holds 511 binance BTCUSDT 1h candles .* fewer than the 8760 bundled ones .*--source store or --source bundled\n$/);

    const stored = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1h', ...SMA, '--source', 'store', '--json', '--db', db]);
    assert.equal(stored.status, 0, stored.stderr);
    assert.match(stored.stderr, /^data: store binance BTCUSDT 1h, 511 candles, 2024-10-01 00:00 → 2024-10-22 06:00 \(.*r\.db\)\n$/);
    const run = JSON.parse(stored.stdout) as { runId: number; config: { source: string }; equity: unknown[] };
    assert.equal(run.config.source, 'store');
    assert.equal(run.equity.length, 511);

    const shipped = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1h', ...SMA, '--source', 'bundled', '--db', db]);
    assert.equal(shipped.status, 0, shipped.stderr);
    assert.match(shipped.stderr, /^data: bundled binance BTCUSDT 1h, 8760 candles, 2024-10-01 00:00 → 2025-09-30 23:00/);

    // The run recorded the set it used, so its rerun loads the same one without being asked.
    const rerun = rampart(['backtest', '--rerun', String(run.runId), '--db', db]);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, /reproduced exactly/);
    assert.match(rerun.stderr, /data: store binance BTCUSDT 1h, 511 candles/);

    const list = rampart(['data', 'list', '--db', db]);
    assert.match(list.stdout, /BTCUSDT\s+1h\s+511 .*r\.db \(shorter than the bundled set: runs need --source store or bundled\)/);
    assert.match(list.stdout, /BTCUSDT\s+1h\s+8760 .* bundled/);

    const sweep = rampart(['sweep', '--strategy', 'sma-cross', '--symbols', 'BTCUSDT', '--timeframes', '1h', '--fast', '5', '--slow', '20', '--workers', '1', '--db', db]);
    assert.equal(sweep.status, 2);
    assert.match(sweep.stderr, /fewer than the 8760 bundled ones/);
    const lookahead = rampart(['check-lookahead', '--strategy', 'sma-cross', '--symbol', 'BTCUSDT', '--timeframe', '1h', '--source', 'store', '--db', db]);
    assert.match(lookahead.stderr, /^data: store binance BTCUSDT 1h, 511 candles/);
  });

  test('a candle file without --symbol has no market rules and a timeframe from its spacing, both said', () => {
    // Named like a bundled set: the name must not lend it BTCUSDT's lot step, tick or min notional.
    const file = path.join(dir, 'BTCUSDT-1h-copy.csv');
    copyFileSync(BUNDLED, file);
    const bare = rampart(['backtest', '--data', file, ...SMA, '--json', '--db', db]);
    assert.equal(bare.status, 0, bare.stderr);
    assert.match(bare.stderr, /^data: file .*BTCUSDT-1h-copy\.csv, no --symbol: no market rules \(lot step, tick, min notional\), timeframe 1h, inferred from the candle spacing, 8760 candles, 2024-10-01 00:00 → 2025-09-30 23:00\n$/);
    const config = (JSON.parse(bare.stdout) as { config: { symbol: string; timeframe: string; lotStep: number; tickSize: number; minNotional: number } }).config;
    assert.deepEqual([config.symbol, config.timeframe, config.lotStep, config.tickSize, config.minNotional], ['BTCUSDT-1h-copy.csv', '1h', 0, 0, 0]);

    const named = rampart(['backtest', '--data', file, '--symbol', 'BTCUSDT', ...SMA, '--json', '--db', db]);
    assert.equal(named.status, 0, named.stderr);
    const rules = (JSON.parse(named.stdout) as { config: { lotStep: number; tickSize: number; minNotional: number } }).config;
    assert.deepEqual([rules.lotStep, rules.tickSize, rules.minNotional], [0.00001, 0.01, 5]);
  });

  test('an irregular candle file without --timeframe is refused naming the spacing found', () => {
    const file = path.join(dir, 'odd.csv');
    const T = Date.UTC(2025, 0, 1);
    writeFileSync(file, 'time,open,high,low,close,volume\n' + [0, 90, 180, 270].map((m) => `${T + m * 60_000},1,2,0.5,1.5,1`).join('\n') + '\n');
    const run = rampart(['backtest', '--data', file, ...SMA, '--db', db]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^rampart: .*odd\.csv.*irregular candle spacing \(1h30m ×3\): the smallest step 1h30m is not a timeframe/);
    assert.equal(rampart(['backtest', '--data', file, '--source', 'store', ...SMA, '--db', db]).status, 2);
  });
});

test('a file run with a symbol whose market rules are unknown says it runs without them', () => {
  const unknown = rampart(['backtest', '--data', BUNDLED, '--symbol', 'DOGEUSDT', ...SMA, '--db', db]);
  assert.equal(unknown.status, 0, unknown.stderr);
  assert.match(unknown.stderr, /^data: file .*symbol DOGEUSDT: no known market rules \(lot step, tick, min notional 0; set them with --lot-step, --tick-size, --min-notional\)/m);
  const known = rampart(['backtest', '--data', BUNDLED, '--symbol', 'BTCUSDT', ...SMA, '--db', db]);
  assert.equal(known.status, 0, known.stderr);
  assert.doesNotMatch(known.stderr, /no known market rules/);
});
