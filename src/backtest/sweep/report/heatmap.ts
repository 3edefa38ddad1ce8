// A parameter heatmap: two swept parameters on the axes, each cell the average of a metric over
// every other parameter, symbol, timeframe and window.
import type { SweepResultRow } from '../../../store/index.ts';

export interface Heatmap {
  readonly x: string;
  readonly y: string;
  readonly xs: number[];
  readonly ys: number[];
  /** cells[yi][xi]; null where no scenario has that pair. */
  readonly cells: (number | null)[][];
  readonly min: number;
  readonly max: number;
}

export function buildHeatmap(rows: readonly SweepResultRow[], x: string, y: string, metric: string): Heatmap {
  const sums = new Map<string, { sum: number; count: number }>();
  const xs = new Set<number>();
  const ys = new Set<number>();
  for (const row of rows) {
    const xv = Number(row.params[x]);
    const yv = Number(row.params[y]);
    const value = row.metrics[metric];
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    xs.add(xv);
    ys.add(yv);
    const key = `${xv}|${yv}`;
    const cell = sums.get(key) ?? { sum: 0, count: 0 };
    cell.sum += value;
    cell.count++;
    sums.set(key, cell);
  }
  const sortedX = [...xs].sort((a, b) => a - b);
  const sortedY = [...ys].sort((a, b) => a - b);
  let min = Infinity;
  let max = -Infinity;
  const cells = sortedY.map((yv) =>
    sortedX.map((xv) => {
      const cell = sums.get(`${xv}|${yv}`);
      if (cell === undefined) return null;
      const mean = cell.sum / cell.count;
      min = Math.min(min, mean);
      max = Math.max(max, mean);
      return mean;
    }),
  );
  return { x, y, xs: sortedX, ys: sortedY, cells, min, max };
}

/** Red below zero, green above, white at zero; scaled to the larger side. */
export function cellColour(value: number, min: number, max: number): string {
  const span = Math.max(Math.abs(min), Math.abs(max), 1e-12);
  const t = Math.min(1, Math.abs(value) / span);
  const fade = (c: number): number => Math.round(255 - (255 - c) * t);
  return value >= 0 ? `rgb(${fade(46)},${fade(160)},${fade(67)})` : `rgb(${fade(211)},${fade(47)},${fade(47)})`;
}
