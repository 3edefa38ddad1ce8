// `rampart runs`: the stored backtests, newest first, with what is needed to rerun one.
import type { Command } from 'commander';
import type { BacktestConfig, Metrics } from '../../backtest/index.ts';
import { inWorkspace } from '../workspace.ts';
import { commandDescription } from '../command-table.ts';
import { strategyDisplayName } from '../../strategies/index.ts';

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description(commandDescription('runs'))
    .option('--limit <n>', 'how many', '20')
    .action(async (flags: { limit: string }, command: Command) => {
      await inWorkspace(command, ({ store }) => {
        const runs = store.runs.list(Math.max(1, Number(flags.limit) || 20));
        if (runs.length === 0) {
          console.log(`no stored runs in ${store.path}`);
          return;
        }
        console.log(`${'id'.padStart(5)}  ${'created (UTC)'.padEnd(16)}  ${'strategy'.padEnd(16)} ${'symbol'.padEnd(10)} ${'tf'.padEnd(4)} ${'return'.padStart(9)} ${'trades'.padStart(6)}`);
        for (const run of runs) {
          const config = run.config as Partial<BacktestConfig>;
          const metrics = (run.summary as { metrics?: Partial<Metrics> }).metrics ?? {};
          const ret = metrics.totalReturnPct === undefined ? '' : `${metrics.totalReturnPct.toFixed(2)}%`;
          console.log(
            `${String(run.id).padStart(5)}  ${new Date(run.createdAt).toISOString().slice(0, 16).replace('T', ' ')}  ${(typeof config.strategy === 'string' ? strategyDisplayName(config.strategy) : run.kind).slice(0, 16).padEnd(16)} ${String(config.symbol ?? '').padEnd(10)} ${String(config.timeframe ?? '').padEnd(4)} ${ret.padStart(9)} ${String(metrics.tradeCount ?? '').padStart(6)}`,
          );
        }
      });
    });
}
