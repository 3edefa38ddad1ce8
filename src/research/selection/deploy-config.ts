// The deployment config `rampart select` writes for the paper/testnet bots: an instance config
// (the winner's parameters with the deployment's sizing and risk limits, the schema a bot reads),
// with the figures of the deployment backtests (these exact settings) next to the sweep's
// evidence (the sweep's settings). `rampart backtest --config FILE` runs it as written.
import { stringify } from 'yaml';
import { instanceSchema, parseSettings } from '../../config/index.ts';
import type { InstanceConfig } from '../../config/index.ts';
import type { Metrics } from '../../core/index.ts';
import { strategyDisplayName } from '../../strategies/index.ts';
import type { SweepSpec } from '../sweep/spec.ts';
import type { DeploymentCheck } from './deployment.ts';
import { reproduceCommand } from './deployment.ts';
import type { Candidate, Selection } from './select.ts';
import { SELECTION_RULE } from './select.ts';

/**
 * The deployment as an instance config (config/schemas/instance.ts): the hold-out backtest's
 * market, strategy, parameters, capital, sizing, fill model and risk limits, in the mode a first
 * deployment starts in, with what these settings did (`tested`) and the sweep's evidence.
 * Throws ConfigError if the result does not satisfy the instance schema (a bug: it is built from a parsed config).
 */
export function deploymentInstance(spec: SweepSpec, selection: Selection, winner: Candidate, check: DeploymentCheck): InstanceConfig {
  const { config } = check;
  return parseSettings(instanceSchema, {
    name: instanceName(strategyDisplayName(config.strategy), winner.symbol, winner.timeframe),
    mode: 'paper',
    exchange: config.exchange,
    symbol: config.symbol,
    timeframe: config.timeframe,
    warmupCandles: config.warmupCandles,
    strategy: config.strategy,
    params: { ...config.params },
    cash: config.cash,
    sizing: config.sizing,
    sizingValue: config.sizingValue,
    fill: config.fill,
    fee: config.fee,
    slippage: config.slippage,
    allowShort: config.allowShort,
    stopLossPct: config.stopLossPct,
    takeProfitPct: config.takeProfitPct,
    ...(config.maxTradesPerDay === undefined ? {} : { maxTradesPerDay: config.maxTradesPerDay }),
    // What these exact settings did: the figures a paper run should be compared with.
    tested: {
      passed: check.passed,
      inSample: pick(check.inSample),
      holdout: pick(check.holdout),
    },
    evidence: {
      sweepId: selection.sweepId,
      holdoutFrom: new Date(selection.split).toISOString(),
      settings: { sizing: spec.sizing, sizingValue: spec.sizingValue, risk: sweepRisk(spec) },
      inSample: pick(winner.inSample),
      outOfSample: pick(winner.outOfSample),
      degradation: round(winner.degradation),
      neighbourStability: round(winner.stability),
      deflatedSharpe: round(winner.deflatedSharpe),
      trials: winner.trials,
      candidatesTried: selection.candidates.length,
    },
  });
}

/**
 * The YAML text of `deploymentInstance`: a comment header (when, the rule, how to reproduce the
 * hold-out run), then the document. `writtenAt` in UTC ms.
 */
export function deploymentConfig(spec: SweepSpec, selection: Selection, winner: Candidate, check: DeploymentCheck, writtenAt: number): string {
  const document = deploymentInstance(spec, selection, winner, check);
  const header = [
    `# rampart deployment config, written by \`rampart select\` at ${new Date(writtenAt).toISOString()}.`,
    `# Selection rule: ${SELECTION_RULE}`,
    '# `tested` holds what these exact settings did; `evidence` what the sweep\'s settings did.',
    '# Start in paper mode; move to testnet and canary only after paper results match `tested` below.',
  ].flatMap((line) => wrap(line));
  // The commands stay on one line each, so they paste into a shell as they are.
  header.push('# Reproduce the hold-out run:', `#   ${reproduceCommand(check.config)}`, `#   or: npx rampart backtest --config <this file> --from ${new Date(selection.split).toISOString()}`);
  return `${header.join('\n')}\n${stringify(document)}`;
}

/** An instance name from its parts, within INSTANCE_NAME (lower case; other characters become '-'). */
function instanceName(strategy: string, symbol: string, timeframe: string): string {
  const name = `${strategy}-${symbol}-${timeframe}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return name.slice(0, 40);
}

/** The sweep's own risk limits in words, for the evidence. */
function sweepRisk(spec: SweepSpec): string {
  const limits = [
    spec.stopLossPct > 0 ? `stop-loss ${spec.stopLossPct}%` : '',
    spec.takeProfitPct > 0 ? `take-profit ${spec.takeProfitPct}%` : '',
    spec.maxTradesPerDay === undefined ? '' : `≤${spec.maxTradesPerDay} entries a day`,
  ].filter((part) => part !== '');
  return limits.length === 0 ? "none (the strategy's own exits only)" : limits.join(', ');
}

function pick(metrics: Record<string, number | null> | Metrics): Record<string, number | null> {
  const keys = ['totalReturnPct', 'sharpe', 'maxDrawdownPct', 'tradeCount', 'winRatePct'] as const;
  const source = metrics as Record<string, number | null | undefined>;
  return Object.fromEntries(keys.map((key) => [key, source[key] === null || source[key] === undefined ? null : round(source[key])]));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function wrap(line: string): string[] {
  if (line.length <= 100) return [line];
  const words = line.split(' ');
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    if ((current + ' ' + word).length > 100 && current !== '') {
      out.push(current);
      current = `# ${word}`;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') out.push(current);
  return out;
}
