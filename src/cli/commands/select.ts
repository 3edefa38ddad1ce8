// `rampart select --sweep ID`: picks the winner of a stored sweep by the documented rule,
// backtests the deployment exactly as it will be written, and writes it only if that passes too.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_WARMUP_CANDLES, describeWarmup } from '../../backtest/index.ts';
import { selectDeployment } from '../../app/index.ts';
import type { SelectOutcome } from '../../app/index.ts';
import { DEPLOY_DEFAULTS, describeSettings, renderSelectionHtml, SELECTION_RULE } from '../../research/selection/index.ts';
import type { Candidate, DeploymentSettings } from '../../research/selection/index.ts';
import { InputError } from '../../core/index.ts';
import { toJson } from '../format.ts';
import { announceData, parseSourceFlag, SOURCE_FLAG, SOURCE_HELP } from '../data-flags.ts';
import { parseNumberFlag } from '../parse-values.ts';
import { inWorkspace } from '../workspace.ts';
import { commandDescription } from '../command-table.ts';

interface SelectFlags {
  sweep: string;
  minTrades: string;
  candidates: string;
  holdout: string;
  warmup: string;
  sizeFactor: string;
  riskStopLoss: string;
  riskTakeProfit: string;
  maxTradesPerDay: string;
  out: string[];
  force?: boolean;
  json?: boolean;
  workers?: string;
  store?: string;
  source?: string;
}

export function registerSelect(program: Command): void {
  program
    .command('select')
    .description(commandDescription('select'))
    .requiredOption('--sweep <id>', 'stored sweep to select from')
    .option('--min-trades <n>', 'minimum in-sample trades', '10')
    .option('--candidates <n>', 'how many in-sample leaders to test out of sample', '10')
    .option('--holdout <fraction>', 'share of the data held out of the ranking', '0.25')
    .option('--warmup <candles>', 'candles before the hold-out that only warm the indicators up', String(DEFAULT_WARMUP_CANDLES))
    .option('--size-factor <x>', 'deployment position size as a multiple of the sweep\'s (all-in = 100% of equity)', String(DEPLOY_DEFAULTS.sizeFactor))
    .option('--risk-stop-loss <pct>', 'deployment stop-loss on every entry, % from entry (0 = none)', String(DEPLOY_DEFAULTS.stopLossPct))
    .option('--risk-take-profit <pct>', 'deployment take-profit on every entry, % from entry (0 = none)', String(DEPLOY_DEFAULTS.takeProfitPct))
    .option('--max-trades-per-day <n>', 'deployment entries per UTC day (0 = no limit)', String(DEPLOY_DEFAULTS.maxTradesPerDay))
    .option('--out <file>', 'file.yml: the deployment config (default deploy-<symbol>-<tf>.yml); file.html: the selection report; repeat for both', collect, [])
    .option('--force', 'write the deployment even if the candidate or its deployment backtest fails the rule')
    .option('--workers <n>', 'worker threads for the in-sample/hold-out sweep')
    .option('--json', 'print the selection as JSON')
    .option('--store <postgres://…>', 'the sweep is in PostgreSQL instead of --db')
    .option(SOURCE_FLAG, `${SOURCE_HELP}; default: the sweep's`)
    .addHelpText('after', `\nRule: ${SELECTION_RULE}`)
    .action(async (flags: SelectFlags, command: Command) => {
      const outputs = parseOutputs(flags.out);
      const request = {
        sweepId: Number(flags.sweep),
        source: parseSourceFlag(flags.source),
        minTrades: parseNumberFlag('min-trades', flags.minTrades),
        maxCandidates: parseNumberFlag('candidates', flags.candidates),
        holdoutFraction: parseNumberFlag('holdout', flags.holdout),
        warmupCandles: parseCount('warmup', flags.warmup),
        settings: parseSettings(flags),
        workers: flags.workers === undefined ? os.availableParallelism() : parseNumberFlag('workers', flags.workers),
      };
      if (!Number.isInteger(request.sweepId)) throw new InputError(`no sweep '${flags.sweep}': --sweep takes a sweep's number`);
      const outcome = await inWorkspace(command, (workspace) => selectDeployment(request, workspace, { announce: announceData }), flags.store);
      const { selection, check, deployment, refusal: failure, warnings } = outcome;
      const warmup = request.warmupCandles;
      const write = deployment !== undefined && (failure === undefined || flags.force === true);
      const file = write ? path.resolve(outputs.yaml ?? deployment.fileName) : undefined;
      if (write && file !== undefined) writeFileSync(file, deployment.text);
      if (outputs.html !== undefined) {
        writeFileSync(outputs.html, renderSelectionHtml({ spec: outcome.spec, selection, warmup, ...(check === undefined ? {} : { deployment: check }), configFile: file ?? null, refusal: failure ?? null }));
      }
      if (flags.json === true) console.log(toJson({ ...selection, rule: SELECTION_RULE, warmup, deployment: check ?? null, refusal: failure ?? null, warnings, config: file ?? null }));
      else printSelection(outcome, warmup, file);
      if (outputs.html !== undefined && flags.json !== true) console.log(`report: ${path.resolve(outputs.html)}`);
      if (failure !== undefined) {
        if (flags.force === true) console.error(`rampart: WARNING: ${failure}; --force wrote it anyway: ${file}`);
        else {
          console.error(`rampart: ${failure}; nothing written (see the figures above; --force writes it anyway)`);
          process.exitCode = 1;
        }
      }
    });
}

function printSelection({ selection, chosen, check, warnings, refusal }: SelectOutcome, warmup: number, file: string | undefined): void {
  console.log(`in-sample until ${day(selection.split)}, hold-out after (sweep #${selection.sweepId}); ${describeWarmup(check?.warmup ?? warmup, selection.split, warmup)}`);
  for (const c of selection.candidates) console.log(formatCandidate(c));
  if (chosen !== undefined && check !== undefined) {
    console.log(`\n${selection.winner === undefined ? 'in-sample leader (no winner)' : 'winner'}: ${chosen.symbol} ${chosen.timeframe} ${params(chosen)}`);
    console.log(`  ${'settings'.padEnd(44)} ${'in-sample'.padEnd(36)} hold-out`);
    console.log(`  ${'sweep evidence (the sweep\'s own settings)'.padEnd(44)} ${figures(chosen.inSample).padEnd(36)} ${figures(chosen.outOfSample)}`);
    console.log(`  ${'deployment as written'.padEnd(44)} ${figures(check.inSample).padEnd(36)} ${figures(check.holdout)}  ${check.passed ? 'PASS' : 'FAIL'}`);
    console.log(`  deployment: ${describeSettings(check)}`);
    for (const warning of warnings) console.log(`  warning: ${warning}`);
  }
  if (file !== undefined && refusal === undefined) console.log(`config: ${file}`);
}

function formatCandidate(c: Candidate): string {
  const verdict = c.passed ? 'PASS' : `reject: ${c.reasons.join('; ')}`;
  return `  ${c.symbol} ${c.timeframe} ${params(c)}  IS Sharpe ${n(c.inSample['sharpe'])} → OOS ${n(c.outOfSample['sharpe'])} (×${n(c.degradation)}), neighbours ${(c.stability * 100).toFixed(0)}%, deflated Sharpe ${n(c.deflatedSharpe)} over ${c.trials} trials — ${verdict}`;
}

/** Return, Sharpe and trades of a stored metrics record or a fresh run's metrics. */
function figures(m: { readonly totalReturnPct?: number | null; readonly sharpe?: number | null; readonly tradeCount?: number | null }): string {
  const r = m.totalReturnPct;
  return `${r === null || r === undefined ? '—' : `${r > 0 ? '+' : ''}${r.toFixed(2)}%`} Sharpe ${n(m.sharpe)} ${m.tradeCount ?? 0} trades`;
}

function n(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(2);
}

function params(c: Candidate): string {
  return Object.entries(c.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--out` by extension: at most one .yml/.yaml (deployment) and one .html (report). */
function parseOutputs(files: readonly string[]): { yaml?: string; html?: string } {
  const out: { yaml?: string; html?: string } = {};
  for (const file of files) {
    const kind = /\.ya?ml$/i.test(file) ? 'yaml' : /\.html?$/i.test(file) ? 'html' : undefined;
    if (kind === undefined) throw new InputError(`--out '${file}' must end in .yml (deployment config) or .html (selection report)`);
    if (out[kind] !== undefined) throw new InputError(`--out given two ${kind === 'yaml' ? '.yml' : '.html'} files: '${out[kind]}' and '${file}'`);
    out[kind] = file;
  }
  return out;
}

function parseSettings(flags: SelectFlags): DeploymentSettings {
  const sizeFactor = parseNumberFlag('size-factor', flags.sizeFactor);
  if (!(sizeFactor > 0 && sizeFactor <= 1)) throw new InputError(`--size-factor must be in (0, 1], got ${flags.sizeFactor}`);
  const stopLossPct = parseNumberFlag('risk-stop-loss', flags.riskStopLoss);
  if (!(stopLossPct >= 0 && stopLossPct < 100)) throw new InputError(`--risk-stop-loss must be a % in [0, 100), got ${flags.riskStopLoss}`);
  const takeProfitPct = parseNumberFlag('risk-take-profit', flags.riskTakeProfit);
  if (!(takeProfitPct >= 0)) throw new InputError(`--risk-take-profit must be a % ≥ 0, got ${flags.riskTakeProfit}`);
  return { sizeFactor, stopLossPct, takeProfitPct, maxTradesPerDay: parseCount('max-trades-per-day', flags.maxTradesPerDay) };
}

function parseCount(flag: string, raw: string): number {
  const value = parseNumberFlag(flag, raw);
  if (!(Number.isInteger(value) && value >= 0)) throw new InputError(`--${flag} must be a whole number ≥ 0, got '${raw}'`);
  return value;
}
