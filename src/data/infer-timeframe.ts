// The timeframe of a candle file without --timeframe: read from the spacing of its candles, never
// from its name. The smallest step between consecutive candles must be a known timeframe and also
// the most common step, and every other step a whole multiple of it (a multiple is a gap, which
// validation reports); anything else is an irregular file and is refused, naming the steps found.
import { InputError, TIMEFRAME_MS, TIMEFRAMES } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';
import type { ParsedFile } from './parse-candles.ts';
import { formatProblem } from './validate.ts';

export interface InferredTimeframe {
  readonly timeframe: Timeframe;
  /** How it was found, for the run's output. */
  readonly note: string;
}

/**
 * Infers a parsed file's timeframe from the spacing of its readable rows.
 * @throws InputError as inferTimeframe does; when fewer than two rows have a readable time, the
 * first unreadable row's problem (a date like 01/05/2025 is that, not a missing timeframe).
 */
export function inferFileTimeframe(parsed: ParsedFile): InferredTimeframe {
  const first = parsed.problems[0];
  if (parsed.rows.length < 2 && first !== undefined) {
    throw new InputError(`cannot infer the timeframe: ${parsed.problems.length} row(s) unreadable, the first: ${formatProblem(first)}`);
  }
  return inferTimeframe(parsed.rows.map((row) => row.time).sort((a, b) => a - b), parsed.file);
}

/**
 * Infers the timeframe from ascending open times (ms).
 * @throws InputError naming the file and the spacing found when it is not one known timeframe.
 */
export function inferTimeframe(time: ArrayLike<number>, file: string): InferredTimeframe {
  const counts = new Map<number, number>();
  for (let i = 1; i < time.length; i++) {
    const step = time[i]! - time[i - 1]!;
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  if (counts.size === 0) throw new InputError('cannot infer the timeframe from fewer than two candles; give --timeframe', { file });
  const smallest = Math.min(...counts.keys());
  const [common] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  const timeframe = TIMEFRAMES.find((tf) => TIMEFRAME_MS[tf] === smallest);
  const offGrid = [...counts.keys()].filter((step) => step % smallest !== 0);
  if (timeframe === undefined || common !== smallest || offGrid.length > 0) {
    const found = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([step, n]) => `${formatSpan(step)} ×${n}`);
    const why = timeframe === undefined ? `the smallest step ${formatSpan(smallest)} is not a timeframe (${TIMEFRAMES.join(', ')})` : 'the steps are not one timeframe and its multiples';
    throw new InputError(`irregular candle spacing (${found.join(', ')}): ${why}; give --timeframe`, { file });
  }
  return { timeframe, note: `timeframe ${timeframe}, inferred from the candle spacing` };
}

/** 5400000 → 1h30m; 90000 → 1m30s. */
export function formatSpan(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('') || '0ms';
}
