// The `rampart backtest` command end to end: real process, bundled data, real SQLite store.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_WARMUP_CANDLES } from '../../src/backtest/index.ts';
import { rampart, tempDir } from '../fixtures/cli.ts';

const dir = tempDir();
const db = path.join(dir, 'rampart.db');

interface JsonReport {
  runId: number;
  config: { symbol: string; timeframe: string; params: Record<string, unknown>; fee: number; warmupCandles: number };
  metrics: { tradeCount: number; totalReturnPct: number; endEquity: number };
  trades: { entryTime: number; exitTime: number; side: string; qty: number; entryPrice: number; exitPrice: number; fee: number; pnl: number; returnPct: number }[];
  equity: { time: number; equity: number; drawdownPct: number }[];
}

function backtestJson(args: readonly string[]): JsonReport {
  const run = rampart(['backtest', ...args, '--json', '--db', db]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as JsonReport;
}

/** A bad-input run: exit code 2, exactly one line on stderr, no stack trace. */
function assertBadInput(args: readonly string[], pattern: RegExp): void {
  const run = rampart(['backtest', ...args, '--db', db]);
  assert.equal(run.status, 2, `expected exit 2, got ${run.status}: ${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${run.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(run.stderr, /\bat .+:\d+:\d+/);
}

describe('rampart backtest', () => {
  test('runs macd-cross on bundled XRPUSDT 1d in one line and prints the JSON document', () => {
    const report = backtestJson(['--symbol', 'XRPUSDT', '--timeframe', '1d', '--strategy', 'macd-cross', '--fast', '30', '--slow', '60', '--signal', '15']);
    assert.equal(report.config.symbol, 'XRPUSDT');
    assert.deepEqual([report.config.params['fast'], report.config.params['slow'], report.config.params['signal']], [30, 60, 15]);
    assert.ok(report.metrics.tradeCount > 0);
    assert.equal(report.trades.length, report.metrics.tradeCount);
    // one year of daily candles, 2024-10-01 .. 2025-09-30
    assert.equal(report.equity.length, 365);
    assert.equal(report.equity[0]!.time, Date.UTC(2024, 9, 1));
    for (const trade of report.trades) {
      assert.ok(trade.exitTime >= trade.entryTime);
      assert.ok(trade.fee > 0);
      assert.equal(trade.side, 'long');
    }
  });

  test('a stored run reruns with --rerun ID to exactly the same result', () => {
    const first = backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '4h', '--strategy', 'sma-cross', '--fast', '10', '--slow', '40', '--fee', '0.0005']);
    const again = rampart(['backtest', '--rerun', String(first.runId), '--db', db]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`run #${first.runId} reproduced exactly`));
    const rerun = backtestJson(['--rerun', String(first.runId)]);
    assert.deepEqual(rerun.trades, first.trades);
    assert.deepEqual(rerun.metrics, first.metrics);
    assert.equal(rerun.config.fee, 0.0005);
  });

  test('shorts appear with negative qty under --allow-short', () => {
    const report = backtestJson(['--symbol', 'ETHUSDT', '--timeframe', '1d', '--allow-short']);
    const shorts = report.trades.filter((t) => t.side === 'short');
    assert.ok(shorts.length > 0);
    for (const trade of shorts) assert.ok(trade.qty < 0);
  });

  test('--data backtests a candle file directly: timeframe from the candle spacing, no symbol guessed from the name', () => {
    const file = path.join(dir, 'ADAUSDT-1d.csv');
    writeFileSync(file, readFileSync(path.join('data/binance/ADAUSDT-1d.csv')));
    const report = backtestJson(['--data', file, '--strategy', 'sma-cross']);
    assert.equal(report.config.symbol, 'ADAUSDT-1d.csv', 'a label, not a market');
    assert.equal(report.config.timeframe, '1d');
    assert.equal(report.equity.length, 365);
  });

  test('a strategy file is loaded with its own parameters', () => {
    const report = backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--strategy', 'test/fixtures/strategies/buy-first-candle.ts', '--hold', '3']);
    assert.equal(report.trades.length, 1);
    const trade = report.trades[0]!;
    // decided at candle 0 and 3 closes → filled at candle 1 and 4 opens
    assert.equal(trade.entryTime, Date.UTC(2024, 9, 2));
    assert.equal(trade.exitTime, Date.UTC(2024, 9, 5));
  });

  test('--out writes a self-contained HTML report', () => {
    const out = path.join(dir, 'report.html');
    const run = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--out', out, '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(existsSync(out));
    assert.match(run.stdout, /report: /);
    assert.doesNotMatch(readFileSync(out, 'utf8'), /<script[^>]+src=/);
  });

  test('bad input gets one line and exit code 2', () => {
    assertBadInput(['--symbol', 'FOOUSDT', '--timeframe', '1d'], /unknown symbol 'FOOUSDT'/);
    assertBadInput(['--symbol', 'BTCUSDT', '--timeframe', '3h'], /unknown timeframe '3h'/);
    assertBadInput(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--strategy', 'moon'], /unknown strategy 'moon'/);
    assertBadInput(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--fsat', '3'], /unknown parameter 'fsat'/);
    assertBadInput(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--fast', '30', '--slow', '20'], /fast \(30\) must be below slow \(20\)/);
    assertBadInput(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '2030-01-01'], /no candles/);
    assertBadInput(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '2025-02-01', '--to', '2025-01-01'], /empty date range/);
    assertBadInput(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--fast', 'abc'], /parameter 'fast'.*must be a number/);
    assertBadInput(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--strategy', 'test/fixtures/strategies/missing.ts'], /missing\.ts.*not found/);
    const notCandles = path.join(dir, 'notes-1d.csv');
    writeFileSync(notCandles, 'name,score\nwidget,3\n');
    assertBadInput(['--data', notCandles], /notes-1d\.csv/);
  });

  test('a gap in the data is a warning: the backtest runs and lists it', () => {
    const file = path.join(dir, 'GAPUSDT-1h.csv');
    const lines = readFileSync('data/binance/BTCUSDT-1h.csv', 'utf8').trim().split('\n');
    writeFileSync(file, [...lines.slice(0, 201), ...lines.slice(206, 401)].join('\n') + '\n'); // 5 hours missing
    const report = backtestJson(['--data', file]) as JsonReport & { gaps: { from: number; to: number; missing: number }[] };
    assert.equal(report.gaps.length, 1);
    assert.equal(report.gaps[0]!.missing, 5);
    const text = rampart(['backtest', '--data', file, '--db', db]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /warning: 1 data gap\(s\), 5 candle\(s\) missing/);
  });

  test('--debug adds the stack trace to an error', () => {
    const run = rampart(['backtest', '--symbol', 'FOOUSDT', '--timeframe', '1d', '--db', db, '--debug']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /InputError/);
    assert.match(run.stderr, /\bat .+:\d+:\d+/);
  });

  test('runs lists the stored backtests with their ids', () => {
    const run = rampart(['runs', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\s+id\s+created/);
    assert.match(run.stdout, /sma-cross\s+BTCUSDT\s+4h/);
  });

  test('strategies lists every parameter with its type, default and range', () => {
    const run = rampart(['strategies', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const list = JSON.parse(run.stdout) as { name: string; params: { name: string; type: string; default: number; min?: number }[] }[];
    assert.deepEqual(list.map((s) => s.name), ['macd-cross', 'sma-cross', 'grid', 'regime-adaptive']);
    assert.deepEqual(list[0]!.params.find((p) => p.name === 'fast'), { name: 'fast', type: 'int', default: 12, min: 1, max: 500, description: 'MACD fast EMA period' });
    const file = rampart(['strategies', 'test/fixtures/strategies/buy-first-candle.ts']);
    assert.match(file.stdout, /--hold\s+int\s+default 5/);
  });

  test('--from and --to restrict the run to [from, to)', () => {
    const report = backtestJson(['--symbol', 'ETHUSDT', '--timeframe', '4h', '--from', '2025-01-01', '--to', '2025-02-01']);
    assert.equal(report.equity[0]!.time, Date.UTC(2025, 0, 1));
    assert.equal(report.equity.at(-1)!.time, Date.UTC(2025, 0, 31, 20));
    assert.equal(report.equity.length, 31 * 6);
  });

  test('the example strategy file runs, and its run reruns from another directory', () => {
    const report = backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '4h', '--strategy', 'examples/ema-trend.ts', '--period', '30']);
    assert.ok(report.trades.length > 0);
    const again = rampart(['backtest', '--rerun', String(report.runId), '--db', db], { cwd: dir });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /reproduced exactly/);
  });

  test('--warmup feeds earlier candles to the indicators so trading can start at --from', () => {
    const cold = backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '2025-03-01', '--fast', '12', '--slow', '26', '--signal', '9', '--warmup', '0']);
    const warm = backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '2025-03-01', '--fast', '12', '--slow', '26', '--signal', '9', '--warmup', '60']);
    assert.equal(warm.equity[0]!.time, Date.UTC(2025, 2, 1));
    assert.equal(warm.equity.length, cold.equity.length);
    // cold MACD(12/26/9) cannot signal before 33 candles; warmed up it can from the first day
    assert.ok(cold.trades[0]!.entryTime >= Date.UTC(2025, 2, 1) + 33 * 86_400_000);
    assert.ok(warm.trades[0]!.entryTime < cold.trades[0]!.entryTime);
    // Without --warmup, the one default (as in select and walk-forward) applies.
    const standard = backtestJson(['--symbol', 'BTCUSDT', '--timeframe', '1d', '--from', '2025-03-01', '--fast', '12', '--slow', '26', '--signal', '9']);
    assert.equal(standard.config.warmupCandles, DEFAULT_WARMUP_CANDLES);
    assert.ok(standard.trades[0]!.entryTime < cold.trades[0]!.entryTime);
  });
});

test('out-of-range flags are named by the flag and said plainly', () => {
  const db = path.join(tempDir(), 'r.db');
  const cash = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--cash', '-5', '--db', db]);
  assert.equal(cash.status, 2);
  assert.equal(cash.stderr.trim().split('\n').at(-1), 'rampart: --cash: must be > 0');
  const stop = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--risk-stop-loss', '150', '--db', db]);
  assert.equal(stop.status, 2);
  assert.equal(stop.stderr.trim().split('\n').at(-1), 'rampart: --risk-stop-loss: must be ≤ 100');
});

test('--config runs an instance file as written: its strategy file found from its folder, its limits applied, typed flags on top', () => {
  const folder = tempDir();
  const db = path.join(folder, 'r.db');
  writeFileSync(path.join(folder, 'buy-first.ts'), readFileSync(path.join('test/fixtures/strategies/buy-first-candle.ts'), 'utf8'));
  const file = path.join(folder, 'deploy.yml');
  writeFileSync(file, ['name: first-btcusdt-1d', 'symbol: BTCUSDT', 'timeframe: 1d', 'strategy: ./buy-first.ts', 'sizing: percent', 'sizingValue: 50', 'fee: 0.075%', 'maxTradesPerDay: 2', ''].join('\n'));
  const run = rampart(['backtest', '--config', file, '--cash', '5000', '--json', '--db', db]);
  assert.equal(run.status, 0, run.stderr);
  const { config } = JSON.parse(run.stdout) as { config: Record<string, unknown> };
  assert.equal(config['strategy'], path.join(folder, 'buy-first.ts'));
  assert.deepEqual([config['sizing'], config['sizingValue'], config['fee'], config['maxTradesPerDay'], config['cash']], ['percent', 50, 0.00075, 2, 5000]);
  const bad = rampart(['backtest', '--config', file, '--rerun', '1', '--db', db]);
  assert.equal(bad.status, 2);
});
