// The deployment config `rampart select` writes for the paper/testnet bots: the winner's
// parameters with conservative risk settings (defaults from the field: half the backtest's
// position size, 2% stop-loss, 4% take-profit, at most 3 trades a day), and the evidence.
import { stringify } from 'yaml';
import type { SweepSpec } from '../sweep/spec.ts';
import type { Candidate, Selection } from './select.ts';
import { SELECTION_RULE } from './select.ts';

export const DEPLOY_DEFAULTS = { sizeFactor: 0.5, stopLossPct: 2, takeProfitPct: 4, maxTradesPerDay: 3 } as const;

export function deploymentConfig(spec: SweepSpec, selection: Selection, winner: Candidate, writtenAt: number): string {
  // The backtest's position size as a % of equity; all-in is all of it.
  const backtestPct = spec.sizing === 'percent' ? spec.sizingValue : 100;
  const params = { ...winner.params };
  if ('stopLoss' in params) params['stopLoss'] = DEPLOY_DEFAULTS.stopLossPct;
  if ('takeProfit' in params) params['takeProfit'] = DEPLOY_DEFAULTS.takeProfitPct;
  const document = {
    name: `${spec.strategy.split('/').pop()!.replace(/\.[jt]s$/, '')}-${winner.symbol}-${winner.timeframe}`.toLowerCase(),
    mode: 'paper',
    exchange: spec.exchange,
    symbol: winner.symbol,
    timeframe: winner.timeframe,
    strategy: spec.strategy,
    params,
    sizing: { mode: 'percent', value: backtestPct * DEPLOY_DEFAULTS.sizeFactor },
    risk: {
      stopLossPct: DEPLOY_DEFAULTS.stopLossPct,
      takeProfitPct: DEPLOY_DEFAULTS.takeProfitPct,
      maxTradesPerDay: DEPLOY_DEFAULTS.maxTradesPerDay,
    },
    fees: { fee: spec.fee, slippage: spec.slippage },
    evidence: {
      sweepId: selection.sweepId,
      holdoutFrom: new Date(selection.split).toISOString(),
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
    '# Start in paper mode; move to testnet and canary only after paper results match the evidence below.',
  ]
    .flatMap((line) => wrap(line))
    .join('\n');
  return `${header}\n${stringify(document)}`;
}

function pick(metrics: Record<string, number | null>): Record<string, number | null> {
  const keys = ['totalReturnPct', 'sharpe', 'maxDrawdownPct', 'tradeCount', 'winRatePct'];
  return Object.fromEntries(keys.map((key) => [key, metrics[key] === null || metrics[key] === undefined ? null : round(metrics[key])]));
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
