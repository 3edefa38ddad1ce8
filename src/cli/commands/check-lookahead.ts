// `rampart check-lookahead`: re-runs a strategy on truncated data and flags any decision that
// changes when future candles are removed.
import type { Command } from 'commander';
import { lookaheadCheck, strategyRef } from '../../app/index.ts';
import { parseBacktestConfig } from '../../backtest/index.ts';
import { formatUtcMinute } from '../../core/index.ts';
import { announceData, dataSelection, SOURCE_FLAG, SOURCE_HELP } from '../data-flags.ts';
import { parseNumberFlag, parseParamFlags } from '../parse-values.ts';
import { inWorkspace } from '../workspace.ts';
import { commandDescription } from '../command-table.ts';

export function registerCheckLookahead(program: Command): void {
  program
    .command('check-lookahead')
    .description(commandDescription('check-lookahead'))
    .requiredOption('--strategy <name|file>', 'strategy to check')
    .option('--symbol <symbol>', 'symbol of the bundled/stored data (default BTCUSDT; with --data: only this gives the market rules)')
    .option('--timeframe <tf>', 'timeframe (default 1d; with --data: inferred from the candle spacing)')
    .option('--exchange <name>', 'exchange', 'binance')
    .option('--data <file>', 'a candle file instead')
    .option(SOURCE_FLAG, SOURCE_HELP)
    .option('--cuts <n>', 'truncation points spread evenly (besides the early cuts and one after each decision)', '20')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (flags: { strategy: string; symbol?: string; timeframe?: string; exchange: string; data?: string; source?: string; cuts: string }, command: Command) => {
      const data = dataSelection(flags, { symbol: 'BTCUSDT', timeframe: '1d' });
      const config = parseBacktestConfig({
        exchange: flags.exchange,
        symbol: data.symbol,
        timeframe: data.timeframe,
        ...(data.dataFile === undefined ? {} : { dataFile: data.dataFile }),
        ...(data.source === undefined ? {} : { source: data.source }),
        strategy: strategyRef(flags.strategy),
        params: parseParamFlags(command.args),
        ...data.noMarketRules,
      });
      const cuts = parseNumberFlag('cuts', flags.cuts);
      const { strategyName, report } = await inWorkspace(command, (workspace) => lookaheadCheck({ config, cuts }, workspace, { announce: announceData, describe: data.describe }));
      if (report.findings.length === 0) {
        console.log(`no lookahead found in ${strategyName}: ${report.truncations} truncations (${report.decisionCuts} right after a decision), ${report.decisionsCompared} decisions compared`);
        return;
      }
      console.log(`LOOKAHEAD in ${strategyName}: ${report.findings.length} of ${report.truncations} truncations changed an earlier decision`);
      for (const f of report.findings.slice(0, 10)) {
        console.log(`  decision after ${formatUtcMinute(f.time)} changed when candles from ${formatUtcMinute(f.cutTime)} on were removed: ${f.full} → ${f.truncated}`);
      }
      process.exitCode = 1;
    });
}
