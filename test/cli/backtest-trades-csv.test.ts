// `rampart backtest --trades-csv FILE`: one row per closed trade that a spreadsheet reads as
// numbers, and whose pnl adds up to the run's equity change.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { TRADES_CSV_HEADER } from '../../src/backtest/report/index.ts';
import { rampart, tempDir } from '../fixtures/cli.ts';

const dir = tempDir();
const db = path.join(dir, 'rampart.db');

interface JsonReport {
  metrics: { startEquity: number; endEquity: number };
  trades: { entryTime: number; exitTime: number; side: string; qty: number; entryPrice: number; exitPrice: number; fee: number; pnl: number; returnPct: number; exitReason: string }[];
}

describe('rampart backtest --trades-csv', () => {
  for (const args of [
    ['--symbol', 'BTCUSDT', '--timeframe', '1d'],
    ['--symbol', 'ETHUSDT', '--timeframe', '4h', '--strategy', 'grid', '--allow-short'],
  ]) {
    test(`one row per trade, pnl summing to the equity change (${args.join(' ')})`, () => {
      const file = path.join(dir, `${args[1]}-${args[3]}.csv`);
      const run = rampart(['backtest', ...args, '--json', '--trades-csv', file, '--db', db]);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as JsonReport;
      const lines = readFileSync(file, 'utf8').split('\n');
      assert.equal(lines.pop(), '', 'the file ends with a newline');
      assert.equal(lines[0], TRADES_CSV_HEADER.join(','));
      assert.equal(lines[0], 'trade,side,entry_time_utc,entry_time_ms,exit_time_utc,exit_time_ms,qty,entry_price,exit_price,fee,pnl,return_pct,exit_reason');
      const rows = lines.slice(1).map((line) => line.split(','));
      assert.ok(report.trades.length > 5);
      assert.equal(rows.length, report.trades.length);
      let pnl = 0;
      rows.forEach((row, i) => {
        const t = report.trades[i]!;
        assert.equal(row.length, 13, `row ${i + 1}: ${row.join(',')}`);
        const [n, side, entryIso, entryMs, exitIso, exitMs, qty, entryPrice, exitPrice, fee, rowPnl, returnPct, reason] = row as [string, ...string[]];
        for (const cell of [entryMs, exitMs, qty, entryPrice, exitPrice, fee, rowPnl, returnPct]) assert.match(cell!, /^-?\d+(\.\d+)?(e-?\d+)?$/, `row ${i + 1}: '${cell}' is not a plain number`);
        assert.equal(Number(n), i + 1);
        assert.equal(side, t.side);
        assert.equal(entryIso, new Date(t.entryTime).toISOString());
        assert.match(entryIso!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.equal(Number(entryMs), t.entryTime);
        assert.equal(Date.parse(exitIso!), Number(exitMs));
        assert.equal(Number(exitMs), t.exitTime);
        assert.equal(Number(qty), Math.abs(t.qty));
        assert.deepEqual([Number(entryPrice), Number(exitPrice), Number(fee), Number(returnPct)], [t.entryPrice, t.exitPrice, t.fee, t.returnPct]);
        assert.equal(reason, t.exitReason);
        pnl += Number(rowPnl);
      });
      // Every position is closed by the end of the data, so the trades carry all of the change.
      const change = report.metrics.endEquity - report.metrics.startEquity;
      assert.ok(Math.abs(pnl - change) < 1e-6 * Math.max(1, Math.abs(change)), `pnl sum ${pnl} vs equity change ${change}`);
    });
  }

  test('a file that cannot be written is one line naming the flag and the file, exit 2', () => {
    const file = path.join(dir, 'missing-dir', 'trades.csv');
    const run = rampart(['backtest', '--symbol', 'BTCUSDT', '--timeframe', '1d', '--trades-csv', file, '--db', db]);
    assert.equal(run.status, 2);
    // The line naming the candle set comes first; the error is one line.
    const lines = run.stderr.trim().split('\n').filter((line) => !line.startsWith('data: '));
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /--trades-csv: cannot write .*missing-dir\/trades\.csv \(ENOENT\)/);
  });
});
