// Use case: select a stored sweep's winner by the documented rule, backtest its deployment as it
// will be written, and give the deployment (an instance config and its YAML text) with the
// verdict. Writing the file is the caller's: the CLI writes it, the REST API would return it.
import { deploymentConfig, deploymentInstance, parseStoredSweepSpec, selectWinner, testDeployment, describeSettings } from '../research/index.ts';
import type { Candidate, DeploymentCheck, DeploymentSettings, Selection, SweepSpec } from '../research/index.ts';
import type { InstanceConfig } from '../config/index.ts';
import { InputError } from '../core/index.ts';
import type { DataSource } from '../core/index.ts';
import type { RunCallbacks } from './sweep.ts';
import type { Workspace } from './workspace.ts';

export interface SelectRequest {
  readonly sweepId: number;
  /** Stored or bundled candles; default the sweep's own. */
  readonly source?: DataSource | undefined;
  /** Minimum in-sample trades of a candidate. */
  readonly minTrades: number;
  /** How many in-sample leaders to test out of sample. */
  readonly maxCandidates: number;
  /** Share of the data held out of the ranking, in (0, 1). */
  readonly holdoutFraction: number;
  /** Candles before the hold-out that only warm the indicators up. */
  readonly warmupCandles: number;
  /** The deployment's sizing and risk limits. */
  readonly settings: DeploymentSettings;
  readonly workers: number;
}

export interface Deployment {
  readonly instance: InstanceConfig;
  /** The file's text: a comment header, then the instance as YAML. */
  readonly text: string;
  /** A file name for it when the caller names none, e.g. `deploy-btcusdt-4h.yml`. */
  readonly fileName: string;
}

export interface SelectOutcome {
  readonly spec: SweepSpec;
  readonly selection: Selection;
  /** The winner, else the in-sample leader (undefined when no candidate was ranked). */
  readonly chosen?: Candidate;
  /** The deployment backtests of `chosen`. */
  readonly check?: DeploymentCheck;
  /** Which rule failed, in one line; undefined when the winner and its deployment both pass. */
  readonly refusal?: string;
  /** What passes the rule but deserves a second look before money follows it. */
  readonly warnings: readonly string[];
  /** Present whenever `check` is; write it only without `refusal` (or when forced). */
  readonly deployment?: Deployment;
}

/** Below this the winner's Sharpe is more likely luck of the search than skill (Bailey & López de Prado 2014 use 0.95). */
export const DEFLATED_SHARPE_BAR = 0.95;

/** Throws InputError for an unknown sweep or when no in-sample scenario has enough trades; ConfigError for out-of-range settings. */
export async function selectDeployment(request: SelectRequest, workspace: Workspace, callbacks: Pick<RunCallbacks, 'announce'> = {}): Promise<SelectOutcome> {
  const stored = Number.isInteger(request.sweepId) ? await workspace.results.get(request.sweepId) : undefined;
  if (stored === undefined) throw new InputError(`no sweep '${request.sweepId}' in ${workspace.results.location}`);
  const spec = parseStoredSweepSpec(request.source === undefined ? stored.spec : { ...(stored.spec as object), source: request.source });
  const selection = await selectWinner(spec, {
    store: workspace.store,
    results: workspace.results,
    clock: workspace.clock,
    workers: request.workers,
    minTrades: request.minTrades,
    maxCandidates: request.maxCandidates,
    holdoutFraction: request.holdoutFraction,
    announce: callbacks.announce,
    warmupCandles: request.warmupCandles,
  });
  const chosen = selection.winner ?? selection.candidates[0];
  if (chosen === undefined) return { spec, selection, refusal: noWinner(selection), warnings: [] };
  const check = await testDeployment(spec, chosen, request.settings, selection.split, request.warmupCandles, workspace.store);
  const deployment: Deployment = {
    instance: deploymentInstance(spec, selection, chosen, check),
    text: deploymentConfig(spec, selection, chosen, check, workspace.clock.now()),
    fileName: `deploy-${chosen.symbol}-${chosen.timeframe}.yml`.toLowerCase(),
  };
  const failure = refusal(selection, check);
  return { spec, selection, chosen, check, ...(failure === undefined ? {} : { refusal: failure }), warnings: selectionWarnings(chosen, check), deployment };
}

function refusal(selection: Selection, check: DeploymentCheck): string | undefined {
  if (selection.winner === undefined) return noWinner(selection);
  if (!check.passed) return `the deployment settings (${describeSettings(check)}) fail the rule: ${check.reasons.join('; ')}`;
  return undefined;
}

function noWinner(selection: Selection): string {
  return `no candidate passed the selection rule (${selection.candidates.length} tried)`;
}

function selectionWarnings(chosen: Candidate, check: DeploymentCheck): string[] {
  const warnings: string[] = [];
  if (chosen.deflatedSharpe < DEFLATED_SHARPE_BAR) {
    warnings.push(`deflated Sharpe ${chosen.deflatedSharpe.toFixed(2)} over ${chosen.trials} trials is below ${DEFLATED_SHARPE_BAR}: the in-sample Sharpe may be the luck of a wide search`);
  }
  const evidence = chosen.inSample['totalReturnPct'] ?? 0;
  const deployed = check.inSample.totalReturnPct;
  if (evidence > 0 && deployed < evidence / 2) {
    warnings.push(`the deployment settings earn ${deployed.toFixed(2)}% in-sample against the sweep's ${evidence.toFixed(2)}%: the written config is not the one the sweep ranked first`);
  }
  return warnings;
}
