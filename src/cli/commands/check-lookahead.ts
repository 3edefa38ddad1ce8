// `rampart check-lookahead`: re-runs a strategy on truncated data and flags any decision that
// changes when future candles are removed.
import type { Command } from 'commander';
import { parseBacktestConfig } from '../../backtest/index.ts';
import { checkLookahead } from '../../research/index.ts';
import { formatUtcMinute } from '../../core/index.ts';
import { loadCandles } from '../../data/index.ts';
import { openStore } from '../../store/index.ts';
import { isStrategyFile, resolveParams, resolveStrategy } from '../../strategies/index.ts';
import path from 'node:path';
import { announceData, dataSelection, SOURCE_FLAG, SOURCE_HELP } from '../data-flags.ts';
import { globalOptions } from '../global-options.ts';
import { parseNumberFlag, parseParamFlags } from '../parse-values.ts';
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
      const strategy = isStrategyFile(flags.strategy) ? path.resolve(flags.strategy) : flags.strategy;
      const definition = await resolveStrategy(strategy);
      const params = resolveParams(definition, parseParamFlags(command.args));
      const data = dataSelection(flags, { symbol: 'BTCUSDT', timeframe: '1d' });
      const store = openStore(globalOptions(command).db);
      try {
        const { series } = loadCandles({ store, exchange: flags.exchange, symbol: data.symbol, timeframe: data.timeframe, source: data.source, dataFile: data.dataFile, announce: announceData, describe: data.describe });
        const config = parseBacktestConfig({ exchange: flags.exchange, symbol: data.symbol, timeframe: data.timeframe, strategy, params, ...data.noMarketRules });
        const report = checkLookahead(series, config, definition, params, Math.max(1, Math.floor(parseNumberFlag('cuts', flags.cuts))));
        if (report.findings.length === 0) {
          console.log(`no lookahead found in ${definition.name}: ${report.truncations} truncations (${report.decisionCuts} right after a decision), ${report.decisionsCompared} decisions compared`);
          return;
        }
        console.log(`LOOKAHEAD in ${definition.name}: ${report.findings.length} of ${report.truncations} truncations changed an earlier decision`);
        for (const f of report.findings.slice(0, 10)) {
          console.log(`  decision after ${formatUtcMinute(f.time)} changed when candles from ${formatUtcMinute(f.cutTime)} on were removed: ${f.full} → ${f.truncated}`);
        }
        process.exitCode = 1;
      } finally {
        store.close();
      }
    });
}
