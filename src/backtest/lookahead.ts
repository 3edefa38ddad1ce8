// Lookahead check: a strategy that peeks at future candles decides differently when the future is
// cut off. Run once on all the data, then on copies truncated at several points, and compare
// every decision made before each cut. Any difference is lookahead (or hidden state that depends
// on the future, which is the same bug).
import { headSeries } from '../core/index.ts';
import type { CandleSeries, Intent } from '../core/index.ts';
import type { StrategyDefinition, Params } from '../strategies/index.ts';
import { runBacktest } from './engine.ts';
import type { BacktestConfig } from './types.ts';

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
  readonly truncations: number;
  readonly decisionsCompared: number;
  readonly findings: readonly LookaheadFinding[];
}

export function checkLookahead(candles: CandleSeries, config: BacktestConfig, definition: StrategyDefinition, params: Params, cuts = 20): LookaheadReport {
  const full = decisions(candles, config, definition, params);
  const findings: LookaheadFinding[] = [];
  let compared = 0;
  for (const cut of cutPoints(candles.length, cuts)) {
    const truncated = decisions(headSeries(candles, cut), config, definition, params);
    for (let i = 0; i < cut; i++) {
      compared++;
      if (truncated[i] !== full[i]) {
        findings.push({ index: i, time: candles.time[i]!, cutTime: candles.time[cut]!, full: full[i]!, truncated: truncated[i]! });
        break; // the first change per cut says enough; later ones follow from it
      }
    }
  }
  return { truncations: cuts, decisionsCompared: compared, findings };
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

/** Cut points spread over the second half, where indicators are warm and there is history to compare. */
function cutPoints(length: number, count: number): number[] {
  const points = new Set<number>();
  for (let k = 1; k <= count; k++) points.add(Math.floor(length / 2 + ((length / 2 - 1) * k) / (count + 1)));
  return [...points].filter((p) => p > 0 && p < length);
}
