// `rampart select --sweep ID`: picks the winner of a stored sweep by the documented rule and
// writes a conservative deployment config for it.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { deploymentConfig, SELECTION_RULE, selectWinner } from '../../backtest/selection/index.ts';
import type { Candidate } from '../../backtest/selection/index.ts';
import { parseSweepSpec } from '../../backtest/sweep/index.ts';
import { InputError, systemClock } from '../../core/index.ts';
import { openStore } from '../../store/index.ts';
import { toJson } from '../format.ts';
import { dbFlag, globalOptions } from '../global-options.ts';
import { parseNumberFlag } from '../parse-values.ts';
import { openResultsStore } from '../results-store.ts';

interface SelectFlags {
  sweep: string;
  minTrades: string;
  candidates: string;
  holdout: string;
  out?: string;
  force?: boolean;
  json?: boolean;
  workers?: string;
  store?: string;
}

export function registerSelect(program: Command): void {
  program
    .command('select')
    .description('pick a sweep\'s winner by a documented, out-of-sample rule and write its deployment config')
    .requiredOption('--sweep <id>', 'stored sweep to select from')
    .option('--min-trades <n>', 'minimum in-sample trades', '10')
    .option('--candidates <n>', 'how many in-sample leaders to test out of sample', '10')
    .option('--holdout <fraction>', 'share of the data held out of the ranking', '0.25')
    .option('--out <file.yml>', 'deployment config path (default: deploy-<symbol>-<tf>.yml)')
    .option('--force', 'write the best candidate even if none passes the rule')
    .option('--workers <n>', 'worker threads for the in-sample/hold-out sweep')
    .option('--json', 'print the selection as JSON')
    .option('--store <postgres://…>', 'the sweep is in PostgreSQL instead of --db')
    .addHelpText('after', `\nRule: ${SELECTION_RULE}`)
    .action(async (flags: SelectFlags, command: Command) => {
      const store = openStore(globalOptions(command).db);
      const results = await openResultsStore(flags.store, store).catch((error: unknown) => {
        store.close();
        throw error;
      });
      try {
        const id = Number(flags.sweep);
        const stored = Number.isInteger(id) ? await results.repository.get(id) : undefined;
        if (stored === undefined) throw new InputError(`no sweep '${flags.sweep}' in ${results.repository.location} (run one with: npx rampart ${dbFlag(store.path)}sweep --config examples/sweep.yml)`);
        const spec = parseSweepSpec(stored.spec);
        const selection = await selectWinner(spec, {
          store,
          results: results.repository,
          clock: systemClock,
          workers: flags.workers === undefined ? os.availableParallelism() : parseNumberFlag('workers', flags.workers),
          minTrades: parseNumberFlag('min-trades', flags.minTrades),
          maxCandidates: parseNumberFlag('candidates', flags.candidates),
          holdoutFraction: parseNumberFlag('holdout', flags.holdout),
        });
        const chosen = selection.winner ?? (flags.force === true ? selection.candidates[0] : undefined);
        const file = chosen === undefined ? undefined : path.resolve(flags.out ?? `deploy-${chosen.symbol}-${chosen.timeframe}.yml`.toLowerCase());
        if (chosen !== undefined && file !== undefined) writeFileSync(file, deploymentConfig(spec, selection, chosen, systemClock.now()));
        if (flags.json === true) console.log(toJson({ ...selection, rule: SELECTION_RULE, config: file ?? null }));
        else {
          console.log(`in-sample until ${new Date(selection.split).toISOString().slice(0, 10)}, hold-out after (sweep #${selection.sweepId})`);
          for (const c of selection.candidates) console.log(formatCandidate(c));
          if (selection.winner !== undefined) console.log(`\nwinner: ${selection.winner.symbol} ${selection.winner.timeframe} ${params(selection.winner)}\nconfig: ${file}`);
          else if (file !== undefined) console.log(`\nno candidate passed the rule; --force wrote the in-sample leader anyway: ${file}`);
        }
        if (selection.winner === undefined && flags.force !== true) {
          console.error(`rampart: no candidate passed the selection rule (${selection.candidates.length} tried); nothing written (see the reasons above, or --force)`);
          process.exitCode = 1;
        }
      } finally {
        await results.close();
        store.close();
      }
    });
}

function formatCandidate(c: Candidate): string {
  const n = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(2));
  const verdict = c.passed ? 'PASS' : `reject: ${c.reasons.join('; ')}`;
  return `  ${c.symbol} ${c.timeframe} ${params(c)}  IS Sharpe ${n(c.inSample['sharpe'])} → OOS ${n(c.outOfSample['sharpe'])} (×${n(c.degradation)}), neighbours ${(c.stability * 100).toFixed(0)}%, deflated Sharpe ${n(c.deflatedSharpe)} over ${c.trials} trials — ${verdict}`;
}

function params(c: Candidate): string {
  return Object.entries(c.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
