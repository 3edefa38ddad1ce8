// `rampart start` (what `npm start` runs until the live fleet exists): backtests the default
// MACD strategy on every bundled symbol, prints a comparison and writes an HTML report for each.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { backtestAndStore } from '../../app/index.ts';
import { parseBacktestConfig } from '../../backtest/index.ts';
import { renderReportHtml } from '../../backtest/report/index.ts';
import { formatMetricValue } from '../format.ts';
import { inWorkspace } from '../workspace.ts';
import { commandDescription } from '../command-table.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'XRPUSDT', 'ADAUSDT'] as const;

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(commandDescription('start'))
    .option('--timeframe <tf>', 'timeframe of the bundled data to use', '4h')
    .option('--out-dir <dir>', 'where the reports go', 'reports')
    .action(async (flags: { timeframe: string; outDir: string }, command: Command) => {
      await inWorkspace(command, async (workspace) => {
        mkdirSync(flags.outDir, { recursive: true });
        console.log(`rampart: backtesting macd-cross (12/26/9, 0.1% fee, all-in, next-open fills) on bundled ${flags.timeframe} data\n`);
        console.log(`  ${'symbol'.padEnd(8)} ${'return'.padStart(9)} ${'buy&hold'.padStart(9)} ${'max dd'.padStart(8)} ${'sharpe'.padStart(7)} ${'trades'.padStart(6)}  report`);
        for (const symbol of SYMBOLS) {
          const config = parseBacktestConfig({ symbol, timeframe: flags.timeframe as '4h', strategy: 'macd-cross', source: 'bundled' });
          const { runId: id, job } = await backtestAndStore(config, workspace);
          const { metrics } = job.result;
          const file = path.resolve(flags.outDir, `${symbol}-${flags.timeframe}-macd-cross.html`);
          writeFileSync(file, renderReportHtml(job.result, job.candles));
          console.log(
            `  ${symbol.padEnd(8)} ${formatMetricValue('totalReturnPct', metrics.totalReturnPct).padStart(9)} ${formatMetricValue('buyAndHoldReturnPct', metrics.buyAndHoldReturnPct).padStart(9)} ${formatMetricValue('maxDrawdownPct', metrics.maxDrawdownPct).padStart(8)} ${metrics.sharpe.toFixed(2).padStart(7)} ${String(metrics.tradeCount).padStart(6)}  ${file} (run #${id})`,
          );
        }
        console.log(`\nOpen a report in a browser (works offline). Try: npx rampart backtest --symbol XRPUSDT --timeframe 1d --fast 30 --slow 60 --signal 15`);
      });
    });
}
