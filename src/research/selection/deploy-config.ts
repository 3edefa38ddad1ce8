// The deployment config `rampart select` writes for the paper/testnet bots: the winner's
// parameters and the deployment's risk settings, with the figures of the deployment backtests
// (these exact settings) next to the sweep's evidence (the sweep's settings).
import { stringify } from 'yaml';
import type { Metrics } from '../../core/index.ts';
import type { SweepSpec } from '../sweep/spec.ts';
import type { DeploymentCheck } from './deployment.ts';
import { reproduceCommand } from './deployment.ts';
import type { Candidate, Selection } from './select.ts';
import { SELECTION_RULE } from './select.ts';

/**
 * The YAML text: a comment header (when, the rule, how to reproduce the hold-out run), then the
 * document. `writtenAt` in UTC ms. Sizing, risk and fees are the hold-out backtest's config.
 */
export function deploymentConfig(spec: SweepSpec, selection: Selection, winner: Candidate, check: DeploymentCheck, writtenAt: number): string {
  const { config } = check;
  const document = {
    name: `${spec.strategy.split('/').pop()!.replace(/\.[mc]?[jt]s$/, '')}-${winner.symbol}-${winner.timeframe}`.toLowerCase(),
    mode: 'paper',
    exchange: spec.exchange,
    symbol: winner.symbol,
    timeframe: winner.timeframe,
    strategy: spec.strategy,
    params: { ...config.params },
    sizing: { mode: config.sizing, value: config.sizingValue },
    risk: {
      stopLossPct: config.stopLossPct,
      takeProfitPct: config.takeProfitPct,
      maxTradesPerDay: config.maxTradesPerDay ?? null,
    },
    fees: { fee: config.fee, slippage: config.slippage },
    warmupCandles: config.warmupCandles,
    // What these exact settings did: the figures a paper run should be compared with.
    tested: {
      passed: check.passed,
      inSample: pick(check.inSample),
      holdout: pick(check.holdout),
    },
    evidence: {
      sweepId: selection.sweepId,
      holdoutFrom: new Date(selection.split).toISOString(),
      settings: { sizing: spec.sizing, sizingValue: spec.sizingValue, risk: 'none (the strategy\'s own exits only)' },
      inSample: pick(winner.inSample),
      outOfSample: pick(winner.outOfSample),
      degradation: round(winner.degradation),
      neighbourStability: round(winner.stability),
      deflatedSharpe: round(winner.deflatedSharpe),
      trials: winner.trials,
      candidatesTried: selection.candidates.length,
    },
  };
  const header = [
    `# rampart deployment config, written by \`rampart select\` at ${new Date(writtenAt).toISOString()}.`,
    `# Selection rule: ${SELECTION_RULE}`,
    '# `tested` holds what these exact settings did; `evidence` what the sweep\'s settings did.',
    '# Start in paper mode; move to testnet and canary only after paper results match `tested` below.',
  ].flatMap((line) => wrap(line));
  // The command stays on one line, so it pastes into a shell as it is.
  header.push('# Reproduce the hold-out run:', `#   ${reproduceCommand(config)}`);
  return `${header.join('\n')}\n${stringify(document)}`;
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
