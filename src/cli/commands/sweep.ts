// `rampart sweep`: parameter ranges × symbols × timeframes × date windows on all cores, stored as
// they finish, resumable, ranked, summarised, and written as JSON, CSV or an HTML report.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { sweep } from '../../app/index.ts';
import { resolveSweepSpec, summarize } from '../../research/sweep/index.ts';
import type { GroupSummary, RankMetric, SweepOutcome } from '../../research/sweep/index.ts';
import { InputError, parseRate, systemClock } from '../../core/index.ts';
import type { SweepResultRow } from '../../store/index.ts';
import { DEFAULT_STRATEGY } from '../../config/index.ts';
import { toJson } from '../format.ts';
import { announceData, SOURCE_FLAG, SOURCE_HELP } from '../data-flags.ts';
import { interruptible } from '../interrupt.ts';
import { parseDateFlag, parseNumberFlag, parseParamFlags } from '../parse-values.ts';
import { commonSweepOverrides } from '../sweep-flags.ts';
import { progressReporter } from '../progress.ts';
import { inWorkspace } from '../workspace.ts';
import { commandDescription } from '../command-table.ts';

interface SweepFlags {
  config?: string;
  strategy?: string;
  symbols?: string;
  timeframes?: string;
  from?: string;
  to?: string;
  sample?: string;
  seed?: string;
  workers?: string;
  resume?: boolean;
  top?: string;
  rank?: string;
  json?: boolean;
  csv?: string;
  out?: string;
  yes?: boolean;
  cash?: string;
  fee?: string;
  slippage?: string;
  allowShort?: boolean;
  store?: string;
  source?: string;
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description(commandDescription('sweep'))
    .option('--config <file.yml>', 'sweep file (see examples/sweep.yml); flags override it')
    .option('--strategy <name|file>', `strategy (default ${DEFAULT_STRATEGY})`)
    .option('--symbols <list>', 'comma-separated symbols, e.g. BTCUSDT,ETHUSDT')
    .option('--timeframes <list>', 'comma-separated timeframes, e.g. 1h,4h,1d')
    .option('--from <date>', 'window start (ISO date or epoch ms)')
    .option('--to <date>', 'window end, exclusive')
    .option('--sample <n>', 'run a seeded random sample of n scenarios instead of the full grid')
    .option('--seed <s>', 'seed for --sample')
    .option('--workers <n|redis://…>', 'worker threads (default: all cores), or a Redis URL for `npx rampart worker` processes')
    .option('--resume', 'continue the newest unfinished sweep with the same settings')
    .option('--top <n>', 'rows in the ranked table')
    .option('--rank <metric>', 'metric to rank by (default sharpe)')
    .option('--json', 'print one JSON document with every result and the summaries')
    .option('--csv <file>', 'write every result as CSV')
    .option('--out <file.html>', 'write an HTML report with a parameter heatmap')
    .option('--yes', 'run even when the sweep is larger than its maxScenarios limit')
    .option('--cash <amount>', 'starting cash')
    .option('--fee <rate>', 'fee per side: a fraction of notional (0.001) or a percentage (0.1%)')
    .option('--slippage <rate>', 'slippage against the trader: a fraction of price or a percentage')
    .option('--allow-short', 'allow shorts')
    .option('--store <postgres://…>', 'keep results in PostgreSQL (shared by several machines) instead of --db')
    .option(SOURCE_FLAG, SOURCE_HELP)
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText('after', '\nParameter ranges are flags: --fast 3..40 --slow fast+2..80:2 --signal 3,5,9 (list) or a single value.')
    .action(async (flags: SweepFlags, command: Command) => {
      const spec = resolveSweepSpec(flags.config, sweepOverrides(flags, parseParamFlags(command.args)));
      const { workers, redisUrl } = parseWorkers(flags.workers);
      await inWorkspace(
        command,
        (workspace) =>
          interruptible('stopping: finishing the scenarios in flight and storing them…', async (shouldStop) => {
            const { outcome, ranked, rank } = await sweep({ spec, workers, redisUrl, resume: flags.resume === true, yes: flags.yes === true }, workspace, {
              announce: announceData,
              onUnfinished: (unfinished) => console.error(`sweep #${unfinished.id} of these settings and data is unfinished (${unfinished.stored}/${unfinished.total} scenarios stored); this run starts anew — to continue #${unfinished.id} instead: ${resumeCommand()}`),
              shouldStop,
              ...(flags.json === true ? {} : { onProgress: progressReporter('sweep', systemClock) }),
            });
            if (flags.csv !== undefined) writeFileSync(flags.csv, toCsv(ranked, outcome));
            if (flags.out !== undefined) {
              // The HTML report and its chart library load only when a report is asked for.
              const { renderSweepHtml } = await import('../../research/sweep/report/index.ts');
              writeFileSync(flags.out, renderSweepHtml(outcome, ranked, rank));
            }
            if (flags.json === true) console.log(toJson(jsonDocument(outcome, ranked, rank)));
            else console.log(formatOutcome(outcome, ranked, rank, spec.top, flags));
            if (!outcome.complete) {
              console.error(`interrupted: ${outcome.results.length}/${outcome.expansion.scenarios.length} scenarios stored; finish with the same command and --resume`);
              process.exitCode = 130;
            }
          }),
        flags.store,
      );
    });
}

/** The settings the flags give, parsed; resolveSweepSpec lays them over the file's. */
function sweepOverrides(flags: SweepFlags, ranges: Record<string, string>): Record<string, unknown> {
  const window = flags.from === undefined && flags.to === undefined ? undefined : [{ ...(flags.from === undefined ? {} : { from: parseDateFlag('from', flags.from) }), ...(flags.to === undefined ? {} : { to: parseDateFlag('to', flags.to) }) }];
  return {
    ...commonSweepOverrides(flags, ranges),
    ranges: window,
    sample: flags.sample === undefined ? undefined : parseNumberFlag('sample', flags.sample),
    seed: flags.seed === undefined ? undefined : parseNumberFlag('seed', flags.seed),
    top: flags.top === undefined ? undefined : parseNumberFlag('top', flags.top),
    rank: flags.rank,
    cash: flags.cash === undefined ? undefined : parseNumberFlag('cash', flags.cash),
    fee: flags.fee === undefined ? undefined : parseRate(flags.fee, '--fee'),
    slippage: flags.slippage === undefined ? undefined : parseRate(flags.slippage, '--slippage'),
    allowShort: flags.allowShort === true ? true : undefined,
  };
}

/** This very command with --resume, quoted for a POSIX shell. */
function resumeCommand(): string {
  const quote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  return ['npx', 'rampart', ...process.argv.slice(2).map(quote), '--resume'].join(' ');
}

function parseWorkers(raw: string | undefined): { workers: number; redisUrl: string | undefined } {
  if (raw === undefined) return { workers: os.availableParallelism(), redisUrl: undefined };
  if (/^redis:\/\//.test(raw)) return { workers: 0, redisUrl: raw };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`--workers must be a positive integer or a redis:// URL, got '${raw}'`);
  return { workers: n, redisUrl: undefined };
}

function formatOutcome(outcome: SweepOutcome, ranked: readonly SweepResultRow[], rank: RankMetric, top: number, flags: SweepFlags): string {
  const { expansion } = outcome;
  const lines = [
    `sweep #${outcome.sweepId}: ${outcome.results.length}/${expansion.scenarios.length} scenarios (${outcome.computed} computed now${expansion.skippedCombinations > 0 ? `, ${expansion.skippedCombinations} invalid parameter combinations skipped` : ''})`,
    '',
    `top ${Math.min(top, ranked.length)} by ${rank}:`,
    `  ${'#'.padStart(4)}  ${'symbol'.padEnd(9)} ${'tf'.padEnd(4)} ${'params'.padEnd(28)} ${'return'.padStart(9)} ${'sharpe'.padStart(7)} ${'max dd'.padStart(8)} ${'trades'.padStart(6)} ${'win'.padStart(6)}`,
  ];
  ranked.slice(0, top).forEach((row, i) => {
    const m = row.metrics;
    lines.push(
      `  ${String(i + 1).padStart(4)}  ${row.symbol.padEnd(9)} ${row.timeframe.padEnd(4)} ${paramText(row, expansion.sweptParams).padEnd(28)} ${pct(m['totalReturnPct']).padStart(9)} ${num(m['sharpe']).padStart(7)} ${pct(m['maxDrawdownPct']).padStart(8)} ${String(m['tradeCount'] ?? '').padStart(6)} ${rate(m['winRatePct']).padStart(6)}`,
    );
  });
  const summary = summarize(outcome.results, outcome.expansion.sweptParams);
  const best = (label: string, groups: readonly GroupSummary[]): string => {
    const first = groups[0];
    return first === undefined ? '' : `best ${label} ${first.key}: ${pct(first.avgReturnPct)} average return (sharpe ${num(first.avgSharpe)}, ${first.scenarios} scenarios)`;
  };
  lines.push('', best('symbol', summary.bySymbol), best('timeframe', summary.byTimeframe), best('parameter set', summary.byParams));
  lines.push('', 'by timeframe: ' + summary.byTimeframe.map((g) => `${g.key} ${pct(g.avgReturnPct)}`).join(', '));
  lines.push('by symbol:    ' + summary.bySymbol.map((g) => `${g.key} ${pct(g.avgReturnPct)}`).join(', '));
  if (flags.csv !== undefined) lines.push(`csv: ${flags.csv}`);
  if (flags.out !== undefined) lines.push(`report: ${flags.out}`);
  return lines.join('\n');
}

function jsonDocument(outcome: SweepOutcome, ranked: readonly SweepResultRow[], rank: RankMetric): unknown {
  return {
    sweepId: outcome.sweepId,
    complete: outcome.complete,
    total: outcome.expansion.scenarios.length,
    skippedCombinations: outcome.expansion.skippedCombinations,
    rank,
    results: ranked.map(({ symbol, timeframe, from, to, params, metrics }) => ({ symbol, timeframe, from, to, params, metrics })),
    summary: summarize(outcome.results, outcome.expansion.sweptParams),
  };
}

function toCsv(ranked: readonly SweepResultRow[], outcome: SweepOutcome): string {
  const params = outcome.expansion.sweptParams;
  const metricNames = Object.keys(ranked[0]?.metrics ?? {});
  const header = ['rank', 'symbol', 'timeframe', 'from', 'to', ...params, ...metricNames];
  const rows = ranked.map((row, i) => [i + 1, row.symbol, row.timeframe, row.from ?? '', row.to ?? '', ...params.map((p) => row.params[p] ?? ''), ...metricNames.map((m) => row.metrics[m] ?? '')].join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

function paramText(row: SweepResultRow, names: readonly string[]): string {
  return names.map((name) => `${name}=${row.params[name]}`).join(' ');
}

function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value > 0 ? '+' : ''}${value.toFixed(1)}%`;
}

/** A share in % (a win rate): never signed, unlike a return. */
function rate(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(1)}%`;
}

function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(2);
}
