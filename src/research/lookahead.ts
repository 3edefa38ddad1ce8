// Lookahead check: a strategy that peeks at future candles decides differently when the future is
// cut off. Run once on all the data, then on copies truncated at several points, and compare
// every decision made before each cut. Any difference is lookahead (or hidden state that depends
// on the future, which is the same bug). Cuts go where leaks hide: geometrically from the very
// start (a window fitted on the first N candles leaks only into decisions inside it), evenly over
// the whole series, and right after each decision (the decision must stand on the data before it).
import { headSeries } from '../core/index.ts';
import type { CandleSeries, Intent } from '../core/index.ts';
import type { StrategyDefinition, Params } from '../strategies/index.ts';
import { runBacktest } from '../backtest/index.ts';
import type { BacktestConfig } from '../backtest/index.ts';

export interface LookaheadFinding {
  /** Candle index and open time of the decision that changed. */
  readonly index: number;
  readonly time: number;
  /** Open time of the first candle removed in the truncated run. */
  readonly cutTime: number;
  readonly full: string;
  readonly truncated: string;
}

export interface LookaheadReport {
  /** Distinct cut points tried. */
  readonly truncations: number;
  /** Of those, cuts placed right after a decision of the full run. */
  readonly decisionCuts: number;
  readonly decisionsCompared: number;
  readonly findings: readonly LookaheadFinding[];
}

/**
 * Compares the full run's decisions with runs on the candles before each cut point: `cuts` spread
 * evenly, the geometric early cuts and one after each decision (at most MAX_DECISION_CUTS). Every
 * run is a full backtest of the truncated series.
 */
export function checkLookahead(candles: CandleSeries, config: BacktestConfig, definition: StrategyDefinition, params: Params, cuts = 20): LookaheadReport {
  const full = decisions(candles, config, definition, params);
  const afterDecisions = decisionCutPoints(full);
  const points = [...new Set([...earlyCutPoints(candles.length), ...spreadCutPoints(candles.length, cuts), ...afterDecisions])].filter((p) => p > 0 && p < candles.length).sort((a, b) => a - b);
  const findings: LookaheadFinding[] = [];
  let compared = 0;
  for (const cut of points) {
    const truncated = decisions(headSeries(candles, cut), config, definition, params);
    for (let i = 0; i < cut; i++) {
      compared++;
      if (truncated[i] !== full[i]) {
        findings.push({ index: i, time: candles.time[i]!, cutTime: candles.time[cut]!, full: full[i]!, truncated: truncated[i]! });
        break; // the first change per cut says enough; later ones follow from it
      }
    }
  }
  return { truncations: points.length, decisionCuts: afterDecisions.length, decisionsCompared: compared, findings };
}

/** The decision after every candle, as text ('-' for none). */
function decisions(candles: CandleSeries, config: BacktestConfig, definition: StrategyDefinition, params: Params): string[] {
  const inner = definition.create(params);
  const log: string[] = new Array(candles.length).fill('-');
  runBacktest(candles, config, {
    prepare: (series) => inner.prepare?.(series),
    onCandle(ctx) {
      const intent = inner.onCandle(ctx);
      if (intent !== null) log[ctx.index] = describe(intent);
      return intent;
    },
  });
  return log;
}

function describe(intent: Intent): string {
  return JSON.stringify(intent);
}

/** Cuts after the first 2, 3, 4, 6, 8, 11, … candles (×1.4 each): dense where fitted windows leak. */
function earlyCutPoints(length: number): number[] {
  const points: number[] = [];
  for (let p = 2; p < length; p = Math.max(p + 1, Math.round(p * 1.4))) points.push(p);
  return points;
}

/** `count` cuts evenly over the whole series. */
function spreadCutPoints(length: number, count: number): number[] {
  return Array.from({ length: count }, (_v, k) => Math.floor((length * (k + 1)) / (count + 1)));
}

/**
 * A decision at candle i must be the same when the data ends at i: a cut right after each one.
 * Beyond MAX_DECISION_CUTS decisions, the first half of the budget goes to the earliest decisions
 * (where a fitted window leaks) and the rest is spread evenly over the later ones.
 */
const MAX_DECISION_CUTS = 400;

function decisionCutPoints(log: readonly string[]): number[] {
  const made: number[] = [];
  for (let i = 0; i < log.length; i++) if (log[i] !== '-') made.push(i + 1);
  if (made.length <= MAX_DECISION_CUTS) return made;
  const head = MAX_DECISION_CUTS / 2;
  const rest = made.slice(head);
  return [...made.slice(0, head), ...Array.from({ length: head }, (_v, k) => rest[Math.floor((k * rest.length) / head)]!)];
}
