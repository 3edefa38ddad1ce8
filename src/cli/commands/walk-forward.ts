// `rampart walk-forward`: in-sample / out-of-sample windows over a sweep's grid; per window and
// data set, the in-sample winner and what it did out of sample, side by side.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { walkForward } from '../../app/index.ts';
import { resolveSweepSpec } from '../../research/sweep/index.ts';
import type { WindowPick } from '../../research/sweep/index.ts';
import { DEFAULT_WARMUP_CANDLES, describeWarmup } from '../../backtest/index.ts';
import { renderWalkForwardHtml } from '../../research/sweep/report/index.ts';
import { InputError, systemClock } from '../../core/index.ts';
import type { SweepResultRow } from '../../store/index.ts';
import { DEFAULT_STRATEGY } from '../../config/index.ts';
import { toJson } from '../format.ts';
import { announceData, SOURCE_FLAG, SOURCE_HELP } from '../data-flags.ts';
import { interruptible } from '../interrupt.ts';
import { parseNumberFlag, parseParamFlags } from '../parse-values.ts';
import { progressReporter } from '../progress.ts';
import { commonSweepOverrides } from '../sweep-flags.ts';
import { inWorkspace } from '../workspace.ts';
import { commandDescription } from '../command-table.ts';

interface WalkForwardFlags {
  config?: string;
  strategy?: string;
  symbols?: string;
  timeframes?: string;
  windows: string;
  anchored?: boolean;
  oos: string;
  minTrades: string;
  rank?: string;
  workers?: string;
  json?: boolean;
  yes?: boolean;
  store?: string;
  warmup?: string;
  source?: string;
  out?: string;
}

export function registerWalkForward(program: Command): void {
  program
    .command('walk-forward')
    .description(commandDescription('walk-forward'))
    .option('--config <file.yml>', 'sweep file (the grid to search in each window)')
    .option('--strategy <name|file>', `strategy (default ${DEFAULT_STRATEGY})`)
    .option('--symbols <list>', 'comma-separated symbols')
    .option('--timeframes <list>', 'comma-separated timeframes')
    .option('--windows <n>', 'number of out-of-sample windows', '4')
    .option('--anchored', 'in-sample windows all start at the beginning (default: rolling)')
    .option('--oos <fraction>', 'out-of-sample share of each window', '0.25')
    .option('--min-trades <n>', 'in-sample winners need at least this many trades', '5')
    .option('--rank <metric>', 'metric that picks the in-sample winner (default: the config\'s, or sharpe)')
    .option('--warmup <candles>', `candles before each window that only warm the indicators up (default: the config's, or ${DEFAULT_WARMUP_CANDLES})`)
    .option('--out <file.html>', 'write a self-contained HTML report of the windows')
    .option('--workers <n>', 'worker threads (default: all cores)')
    .option('--json', 'print one JSON document')
    .option('--yes', 'run even when larger than the sweep limit')
    .option('--store <postgres://…>', 'keep results in PostgreSQL instead of --db')
    .option(SOURCE_FLAG, SOURCE_HELP)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (flags: WalkForwardFlags, command: Command) => {
      const spec = resolveSweepSpec(flags.config, {
        ...commonSweepOverrides(flags, parseParamFlags(command.args)),
        warmupCandles: flags.warmup === undefined ? undefined : parseNumberFlag('warmup', flags.warmup),
      });
      const mode = flags.anchored === true ? 'anchored' : 'rolling';
      const request = {
        spec,
        windows: parseNumberFlag('windows', flags.windows),
        mode,
        oosFraction: parseNumberFlag('oos', flags.oos),
        minTrades: parseNumberFlag('min-trades', flags.minTrades),
        metric: flags.rank,
        workers: flags.workers === undefined ? os.availableParallelism() : parseNumberFlag('workers', flags.workers),
        yes: flags.yes === true,
      } as const;
      if (flags.out !== undefined && !/\.html?$/i.test(flags.out)) throw new InputError(`--out '${flags.out}' must end in .html`);
      await inWorkspace(
        command,
        (workspace) =>
          interruptible('stopping: finishing the scenarios in flight and storing them…', async (shouldStop) => {
            const wf = await walkForward(request, workspace, { announce: announceData, shouldStop, ...(flags.json === true ? {} : { onProgress: progressReporter('walk-forward', systemClock) }) });
            const { picks, summary, windows, metric, warmup } = wf;
            if (flags.out !== undefined) writeFileSync(flags.out, renderWalkForwardHtml(wf));
            if (flags.json === true) {
              console.log(toJson({ sweepId: wf.sweepId, metric, minTrades: wf.minTrades, warmup, windows, picks: picks.map(pickJson), summary }));
            } else {
              console.log(describeWarmup(warmup, undefined));
              console.log(formatPicks(picks, wf.sweptParams, metric));
              console.log(
                `\nwalk-forward (${mode}, ${windows.length} windows, sweep #${wf.sweepId}): ` +
                  `in-sample ${pct(summary.meanInSampleReturnPct)} / Sharpe ${summary.meanInSampleSharpe.toFixed(2)} → ` +
                  `out-of-sample ${pct(summary.meanOutOfSampleReturnPct)} / Sharpe ${summary.meanOutOfSampleSharpe.toFixed(2)}; ` +
                  `efficiency ${summary.efficiency.toFixed(2)}; ${summary.profitableOutOfSample}/${summary.picks} out-of-sample windows profitable`,
              );
              if (flags.out !== undefined) console.log(`report: ${path.resolve(flags.out)}`);
            }
            if (!wf.complete) {
              console.error('interrupted: the scenarios done are stored; finish with the same command');
              process.exitCode = 130;
            }
          }),
        flags.store,
      );
    });
}

function formatPicks(picks: readonly WindowPick[], swept: readonly string[], metric: string): string {
  const lines = [`  ${'set'.padEnd(12)} ${'win'.padStart(3)}  ${'in-sample'.padEnd(23)} ${'winner'.padEnd(26)} ${'IS ret'.padStart(8)} ${'IS ' + metric}`.padEnd(92) + `${'OOS ret'.padStart(8)} ${'OOS ' + metric}`];
  for (const p of picks) {
    const params = p.inSample === undefined ? '(no set with enough trades)' : swept.map((name) => `${name}=${p.inSample!.params[name]}`).join(' ');
    lines.push(
      `  ${`${p.symbol} ${p.timeframe}`.padEnd(12)} ${String(p.window.index + 1).padStart(3)}  ${`${day(p.window.isFrom)}..${day(p.window.isTo)}`.padEnd(23)} ${params.padEnd(26)} ${pct(value(p.inSample, 'totalReturnPct')).padStart(8)} ${num(value(p.inSample, metric)).padStart(8)}`.padEnd(92) +
        `${pct(value(p.outOfSample, 'totalReturnPct')).padStart(8)} ${num(value(p.outOfSample, metric)).padStart(8)}`,
    );
  }
  return lines.join('\n');
}

function pickJson(p: WindowPick): unknown {
  return { window: p.window, symbol: p.symbol, timeframe: p.timeframe, params: p.inSample?.params ?? null, inSample: p.inSample?.metrics ?? null, outOfSample: p.outOfSample?.metrics ?? null };
}

function value(row: SweepResultRow | undefined, metric: string): number | undefined {
  return row?.metrics[metric] ?? undefined;
}

function pct(v: number | undefined): string {
  return v === undefined ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

function num(v: number | undefined): string {
  return v === undefined ? '—' : v.toFixed(2);
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
