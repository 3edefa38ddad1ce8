// Walk-forward validation: split the data into in-sample / out-of-sample windows (rolling: the
// in-sample window slides; anchored: it always starts at the beginning), pick the best parameter
// set on each in-sample window, and judge it only on the out-of-sample window that follows.
// Every window's whole grid runs as one sweep, so any candidate's IS and OOS figures sit side by side.
import { InputError } from '../../core/index.ts';
import type { SweepResultRow } from '../../store/index.ts';
import type { RankMetric } from './rank.ts';
import { rankResults } from './rank.ts';

export type WalkForwardMode = 'rolling' | 'anchored';

export interface WalkForwardWindow {
  readonly index: number;
  readonly isFrom: number;
  readonly isTo: number;
  readonly oosFrom: number;
  readonly oosTo: number;
}

/**
 * `windows` out-of-sample segments tile the end of [start, end); each is `oosFraction` of its
 * window (rolling). Anchored windows share the start and grow.
 */
export function walkForwardWindows(start: number, end: number, windows: number, mode: WalkForwardMode, oosFraction: number, stepMs: number): WalkForwardWindow[] {
  if (!(windows >= 1) || !Number.isInteger(windows)) throw new InputError(`walk-forward windows must be a positive integer, got ${windows}`);
  if (!(oosFraction > 0 && oosFraction < 1)) throw new InputError(`out-of-sample fraction must be in (0, 1), got ${oosFraction}`);
  const inSampleShare = (1 - oosFraction) / oosFraction;
  const align = (ms: number): number => start + Math.floor((ms - start) / stepMs) * stepMs;
  const oosLength = (end - start) / (inSampleShare + windows);
  const isLength = oosLength * inSampleShare;
  if (oosLength < stepMs * 10) throw new InputError(`walk-forward windows too short: ${windows} windows leave fewer than 10 candles out of sample`);
  return Array.from({ length: windows }, (_v, k) => {
    const isTo = align(start + isLength + k * oosLength);
    return {
      index: k,
      isFrom: mode === 'anchored' ? start : align(start + k * oosLength),
      isTo,
      oosFrom: isTo,
      oosTo: k === windows - 1 ? end : align(start + isLength + (k + 1) * oosLength),
    };
  });
}

export interface WindowPick {
  readonly window: WalkForwardWindow;
  readonly symbol: string;
  readonly timeframe: string;
  /** The in-sample winner (undefined when no set had enough trades). */
  readonly inSample?: SweepResultRow;
  /** The same parameters on the out-of-sample window. */
  readonly outOfSample?: SweepResultRow;
}

export interface CandidateComparison {
  readonly params: Record<string, number | boolean | string>;
  readonly symbol: string;
  readonly timeframe: string;
  readonly inSample: Record<string, number | null>;
  readonly outOfSample: Record<string, number | null>;
}

/** Per window and data set: the in-sample winner by `metric` (with at least `minTrades`), and its OOS run. */
export function pickPerWindow(rows: readonly SweepResultRow[], windows: readonly WalkForwardWindow[], metric: RankMetric, minTrades: number): WindowPick[] {
  const picks: WindowPick[] = [];
  const sets = [...new Set(rows.map((row) => `${row.symbol}|${row.timeframe}`))];
  for (const set of sets) {
    const [symbol, timeframe] = set.split('|') as [string, string];
    for (const window of windows) {
      const inWindow = rows.filter((row) => row.symbol === symbol && row.timeframe === timeframe && row.from === window.isFrom && row.to === window.isTo);
      const eligible = inWindow.filter((row) => (row.metrics['tradeCount'] ?? 0) >= minTrades);
      const best = rankResults(eligible, metric)[0];
      const oos = best === undefined ? undefined : rows.find((row) => row.symbol === symbol && row.timeframe === timeframe && row.from === window.oosFrom && row.to === window.oosTo && sameParams(row, best));
      picks.push({ window, symbol, timeframe, ...(best === undefined ? {} : { inSample: best }), ...(oos === undefined ? {} : { outOfSample: oos }) });
    }
  }
  return picks;
}

export function sameParams(a: SweepResultRow, b: SweepResultRow): boolean {
  const keys = Object.keys(a.params);
  return keys.length === Object.keys(b.params).length && keys.every((key) => a.params[key] === b.params[key]);
}

export interface WalkForwardSummary {
  readonly windows: number;
  readonly picks: number;
  readonly meanInSampleReturnPct: number;
  readonly meanOutOfSampleReturnPct: number;
  readonly meanInSampleSharpe: number;
  readonly meanOutOfSampleSharpe: number;
  /** OOS annualised return over IS annualised return (walk-forward efficiency); ~1 is robust, ≤0 is overfit. */
  readonly efficiency: number;
  readonly profitableOutOfSample: number;
}

export function summarizeWalkForward(picks: readonly WindowPick[]): WalkForwardSummary {
  const complete = picks.filter((p): p is WindowPick & { inSample: SweepResultRow; outOfSample: SweepResultRow } => p.inSample !== undefined && p.outOfSample !== undefined);
  const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  const metric = (row: SweepResultRow, name: string): number => row.metrics[name] ?? 0;
  const isCagr = mean(complete.map((p) => metric(p.inSample, 'cagrPct')));
  const oosCagr = mean(complete.map((p) => metric(p.outOfSample, 'cagrPct')));
  return {
    windows: new Set(picks.map((p) => p.window.index)).size,
    picks: complete.length,
    meanInSampleReturnPct: mean(complete.map((p) => metric(p.inSample, 'totalReturnPct'))),
    meanOutOfSampleReturnPct: mean(complete.map((p) => metric(p.outOfSample, 'totalReturnPct'))),
    meanInSampleSharpe: mean(complete.map((p) => metric(p.inSample, 'sharpe'))),
    meanOutOfSampleSharpe: mean(complete.map((p) => metric(p.outOfSample, 'sharpe'))),
    efficiency: isCagr !== 0 ? oosCagr / isCagr : 0,
    profitableOutOfSample: complete.filter((p) => metric(p.outOfSample, 'totalReturnPct') > 0).length,
  };
}
