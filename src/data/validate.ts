// Candle validation: every problem names its file and line. Errors block an import (unless the
// user skips invalid rows); gaps are warnings.
import { timeframeMs } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';
import { findGaps, formatGap } from './gaps.ts';
import type { ParsedFile } from './parse-candles.ts';
import type { ParsedRow, Problem, ValidationReport } from './types.ts';

export interface Validated extends ValidationReport {
  /** Rows without errors, in file order. */
  readonly valid: ParsedRow[];
}

export function validateCandles(parsed: ParsedFile, timeframe?: Timeframe): Validated {
  const { file } = parsed;
  const errors: Problem[] = [...parsed.problems];
  const valid: ParsedRow[] = [];
  const seen = new Map<number, number>();
  const tfMs = timeframe === undefined ? undefined : timeframeMs(timeframe);
  let lastTime = -Infinity;
  for (const row of parsed.rows) {
    const problem = rowProblem(row, tfMs);
    const duplicateOf = seen.get(row.time);
    if (problem !== undefined) errors.push({ file, line: row.line, message: problem });
    else if (duplicateOf !== undefined) errors.push({ file, line: row.line, message: `duplicate time ${iso(row.time)} (first at line ${duplicateOf})` });
    else if (row.time < lastTime) errors.push({ file, line: row.line, message: `out of order: ${iso(row.time)} comes after ${iso(lastTime)}` });
    else {
      seen.set(row.time, row.line);
      lastTime = row.time;
      valid.push(row);
    }
  }
  const gaps = tfMs === undefined ? [] : findGaps(valid.map((row) => row.time), tfMs);
  const warnings = gaps.map((gap) => ({ file, line: valid.find((row) => row.time === gap.to)?.line ?? 0, message: formatGap(gap) }));
  errors.sort((a, b) => a.line - b.line);
  return { errors, warnings, gaps, valid };
}

function rowProblem(row: ParsedRow, tfMs: number | undefined): string | undefined {
  const { open, high, low, close, volume } = row;
  if (high < low) return `high ${high} < low ${low}`;
  if (high < Math.max(open, close)) return `high ${high} < max(open, close) ${Math.max(open, close)}`;
  if (low > Math.min(open, close)) return `low ${low} > min(open, close) ${Math.min(open, close)}`;
  if (volume < 0) return `negative volume ${volume}`;
  if (open <= 0 || close <= 0 || low <= 0) return `non-positive price (open ${open}, low ${low}, close ${close})`;
  if (tfMs !== undefined && row.time % tfMs !== 0 && tfMs < 604_800_000) return `time ${iso(row.time)} is not aligned to the timeframe`;
  return undefined;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
