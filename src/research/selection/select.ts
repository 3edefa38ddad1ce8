// Winner selection, by one documented rule (see SELECTION_RULE). The grid runs on an in-sample
// period and on a later hold-out period; candidates are ranked on in-sample figures only, and the
// hold-out is used solely to confirm or reject them, best in-sample first.
import { InputError, periodsPerYear, sliceSeries } from '../../core/index.ts';
import type { Clock, Timeframe } from '../../core/index.ts';
import { loadCandles } from '../../data/index.ts';
import type { Store, SweepRepository, SweepResultRow } from '../../store/index.ts';
import { resolveStrategy } from '../../strategies/index.ts';
import { parseBacktestConfig, runBacktest } from '../../backtest/index.ts';
import { dataSpan } from '../sweep/data-span.ts';
import { rankResults } from '../sweep/rank.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import { sweepBacktestSettings } from '../sweep/spec.ts';
import type { SweepSpec } from '../sweep/spec.ts';
import { sameParams } from '../sweep/walk-forward.ts';
import { deflatedSharpe, returnMoments } from './deflated-sharpe.ts';
import { neighbourhoodStability } from './neighbours.ts';

export const SELECTION_RULE = [
  'Split the data: the first 75% is in-sample, the last 25% is a hold-out the ranking never sees.',
  'Rank every scenario by in-sample Sharpe; drop those with fewer than the minimum trades.',
  'Take candidates in that order (at most 10) and keep the first that is (1) stable: the median in-sample',
  'Sharpe of its grid neighbours is at least half its own, so it is not a lone spike, and (2) holds out of',
  'sample: positive Sharpe and positive return on the hold-out.',
  'Then backtest the deployment exactly as written (the winner with the deployment\'s position size,',
  'stop-loss, take-profit and daily entry limit) on both windows: it too must hold out of sample, or',
  'nothing is written.',
  'Report for each candidate its deflated Sharpe ratio (Bailey & López de Prado, 2014): the probability',
  'that its true Sharpe is above zero given every scenario tried on the same data (all symbols,',
  'timeframes and parameter sets ranked).',
].join(' ');

export interface SelectionOptions {
  readonly store: Store;
  readonly results?: SweepRepository | undefined;
  readonly clock: Clock;
  readonly workers: number;
  readonly minTrades: number;
  readonly maxCandidates: number;
  readonly holdoutFraction: number;
  /** Receives the line naming each candle set of the hold-out sweep. */
  readonly announce?: ((line: string) => void) | undefined;
  /** Candles before the hold-out that only warm the strategy up (DEFAULT_WARMUP_CANDLES unless told). */
  readonly warmupCandles: number;
}

export interface Candidate {
  readonly symbol: string;
  readonly timeframe: string;
  readonly params: Record<string, number | boolean | string>;
  readonly inSample: Record<string, number | null>;
  readonly outOfSample: Record<string, number | null>;
  readonly stability: number;
  readonly neighbours: number;
  readonly deflatedSharpe: number;
  /** Scenarios the ranking chose among: every in-sample scenario evaluated, all symbols and timeframes. */
  readonly trials: number;
  /** OOS Sharpe over IS Sharpe. */
  readonly degradation: number;
  readonly passed: boolean;
  readonly reasons: readonly string[];
}

export interface Selection {
  readonly sweepId: number;
  readonly split: number;
  readonly candidates: readonly Candidate[];
  readonly winner?: Candidate;
}

const MIN_STABILITY = 0.5;

export async function selectWinner(spec: SweepSpec, options: SelectionOptions): Promise<Selection> {
  const split = holdoutSplit(spec, options);
  // The hold-out starts with warm indicators, as a bot switched on at the split would.
  const outcome = await runSweep({ ...spec, warmupCandles: options.warmupCandles, ranges: [{ to: split }, { from: split }] }, { store: options.store, results: options.results, clock: options.clock, workers: options.workers, resume: true, yes: true, announce: options.announce });
  const inSample = outcome.results.filter((row) => row.to === split);
  const outOfSample = outcome.results.filter((row) => row.from === split);
  const ranked = rankResults(
    inSample.filter((row) => (row.metrics['tradeCount'] ?? 0) >= options.minTrades),
    'sharpe',
  );
  if (ranked.length === 0) throw new InputError(`no in-sample scenario has ${options.minTrades} or more trades; lower --min-trades or widen the sweep`);
  const definition = await resolveStrategy(spec.strategy);
  const trials = trialSharpes(inSample);
  const candidates: Candidate[] = [];
  let winner: Candidate | undefined;
  for (const row of ranked.slice(0, options.maxCandidates)) {
    const family = inSample.filter((other) => other.symbol === row.symbol && other.timeframe === row.timeframe);
    const stability = neighbourhoodStability(row, family, outcome.expansion.sweptParams, 'sharpe');
    const oos = outOfSample.find((other) => other.symbol === row.symbol && other.timeframe === row.timeframe && sameParams(other, row));
    // The trials' Sharpe variance, annualised, brought to this candidate's candle period.
    const variance = trials.variance / periodsPerYear(row.timeframe as Timeframe);
    const moments = returnMoments(inSampleReturns(spec, row, definition, split, options.store));
    const isSharpe = row.metrics['sharpe'] ?? 0;
    const oosSharpe = oos?.metrics['sharpe'] ?? 0;
    const reasons: string[] = [];
    // A winner whose neighbours were never run (a sparse sample) cannot show it is not a lone spike.
    if (stability.neighbours === 0) reasons.push('no neighbouring parameter set was run (sampled sweep): stability cannot be checked');
    else if (stability.ratio < MIN_STABILITY) reasons.push(`lone spike: neighbours reach ${(stability.ratio * 100).toFixed(0)}% of its Sharpe (< ${MIN_STABILITY * 100}%)`);
    if (!(oosSharpe > 0) || !((oos?.metrics['totalReturnPct'] ?? 0) > 0)) reasons.push('does not hold out of sample (hold-out Sharpe or return not positive)');
    const candidate: Candidate = {
      symbol: row.symbol,
      timeframe: row.timeframe,
      params: row.params,
      inSample: row.metrics,
      outOfSample: oos?.metrics ?? {},
      stability: stability.ratio,
      neighbours: stability.neighbours,
      deflatedSharpe: deflatedSharpe(moments, trials.count, variance),
      trials: trials.count,
      degradation: isSharpe !== 0 ? oosSharpe / isSharpe : 0,
      passed: reasons.length === 0,
      reasons,
    };
    candidates.push(candidate);
    if (candidate.passed) {
      winner = candidate;
      break;
    }
  }
  return { sweepId: outcome.sweepId, split, candidates, ...(winner === undefined ? {} : { winner }) };
}

/**
 * The trials of the deflated Sharpe ratio: every in-sample scenario the ranking chose among, over
 * all symbols and timeframes (a scenario with no trades was tried too), and the sample variance of
 * their annualised Sharpe ratios. Bailey & López de Prado (2014) take N as the number of
 * independent trials; counting every scenario is the conservative end (neighbouring parameter sets
 * are correlated, so the effective N is smaller), and it never lets a wider search look cheaper.
 */
function trialSharpes(rows: readonly SweepResultRow[]): { readonly count: number; readonly variance: number } {
  const sharpes = rows.map((row) => row.metrics['sharpe'] ?? 0);
  const mean = sharpes.reduce((a, b) => a + b, 0) / Math.max(1, sharpes.length);
  const variance = sharpes.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, sharpes.length - 1);
  return { count: rows.length, variance };
}

function holdoutSplit(spec: SweepSpec, options: SelectionOptions): number {
  if (!(options.holdoutFraction > 0 && options.holdoutFraction < 1)) throw new InputError(`hold-out fraction must be in (0, 1), got ${options.holdoutFraction}`);
  const { start, end, stepMs } = dataSpan(spec, options.store);
  return start + Math.floor(((end - start) * (1 - options.holdoutFraction)) / stepMs) * stepMs;
}

/** Per-candle returns of the candidate's in-sample run (for the deflated Sharpe's moments). */
function inSampleReturns(spec: SweepSpec, row: SweepResultRow, definition: Awaited<ReturnType<typeof resolveStrategy>>, split: number, store: Store): Float64Array {
  const timeframe = row.timeframe as Timeframe;
  const { series } = loadCandles({ store, exchange: spec.exchange, symbol: row.symbol, timeframe, source: spec.source });
  const config = parseBacktestConfig({ ...sweepBacktestSettings(spec, spec.strategy), symbol: row.symbol, timeframe, params: row.params, to: split });
  const result = runBacktest(sliceSeries(series, -Infinity, split), config, definition.create(config.params));
  const equity = result.equity.equity;
  const returns = new Float64Array(equity.length);
  let previous = spec.cash;
  for (let i = 0; i < equity.length; i++) {
    returns[i] = previous > 0 ? equity[i]! / previous - 1 : 0;
    previous = equity[i]!;
  }
  return returns;
}
