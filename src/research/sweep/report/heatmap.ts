// A parameter heatmap: two swept parameters on the axes, each cell the average of a metric over
// every other parameter, symbol, timeframe and window.
//
// When one parameter's range follows the other (`slow: fast+2..80:8`), each column has its own
// set of row values and a grid of raw values is a checkerboard: most cells empty although every
// column was swept. The rows then show the difference instead (slow − fast), on which such
// scenarios share values, and the axis is labelled so.
import type { SweepResultRow } from '../../../store/index.ts';

export interface Heatmap {
  readonly x: string;
  readonly y: string;
  readonly xs: number[];
  /** Row values: values of `y`, or of `y − x` when `rowEncoding` is 'difference'. */
  readonly ys: number[];
  /** cells[yi][xi]; null where no scenario has that pair. */
  readonly cells: (number | null)[][];
  readonly min: number;
  readonly max: number;
  /** 'values': rows are values of y; 'difference': rows are y − x (y's range follows x). */
  readonly rowEncoding: 'values' | 'difference';
  /** The row axis's name: `y`, or `y − x`. */
  readonly rowLabel: string;
  /** counts[yi][xi]: how many scenarios the cell averages. */
  readonly counts: number[][];
}

/**
 * Averages `metric` over `rows` by the pair of numeric parameters (x, y). Rows whose metric is
 * missing or not finite, or whose x or y is not a number, are left out. The row axis is y's
 * values, unless rows of y − x fill a larger share of their grid (a range that follows x), in
 * which case it is y − x ('difference').
 */
export function buildHeatmap(rows: readonly SweepResultRow[], x: string, y: string, metric: string): Heatmap {
  const points: { xv: number; yv: number; value: number }[] = [];
  for (const row of rows) {
    const xv = Number(row.params[x]);
    const yv = Number(row.params[y]);
    const value = row.metrics[metric];
    if (value === null || value === undefined || !Number.isFinite(value) || !Number.isFinite(xv) || !Number.isFinite(yv)) continue;
    points.push({ xv, yv, value });
  }
  const plain = grid(points.map((p) => ({ xv: p.xv, yv: p.yv, value: p.value })));
  const diff = grid(points.map((p) => ({ xv: p.xv, yv: Number((p.yv - p.xv).toPrecision(12)), value: p.value })));
  const useDiff = diff.fill > plain.fill + 1e-9;
  const chosen = useDiff ? diff : plain;
  return {
    x,
    y,
    xs: chosen.xs,
    ys: chosen.ys,
    cells: chosen.cells,
    counts: chosen.counts,
    min: chosen.min,
    max: chosen.max,
    rowEncoding: useDiff ? 'difference' : 'values',
    rowLabel: useDiff ? `${y} − ${x}` : y,
  };
}

interface Grid {
  xs: number[];
  ys: number[];
  cells: (number | null)[][];
  counts: number[][];
  min: number;
  max: number;
  /** Share of the grid's cells that hold a value, 0..1. */
  fill: number;
}

function grid(points: readonly { xv: number; yv: number; value: number }[]): Grid {
  const sums = new Map<string, { sum: number; count: number }>();
  const xs = new Set<number>();
  const ys = new Set<number>();
  for (const { xv, yv, value } of points) {
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
  const counts = sortedY.map((yv) => sortedX.map((xv) => sums.get(`${xv}|${yv}`)?.count ?? 0));
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
  const size = sortedX.length * sortedY.length;
  return { xs: sortedX, ys: sortedY, cells, counts, min, max, fill: size === 0 ? 0 : sums.size / size };
}

/** Red below zero, green above, white at zero; scaled to the larger side. */
export function cellColour(value: number, min: number, max: number): string {
  const span = Math.max(Math.abs(min), Math.abs(max), 1e-12);
  const t = Math.min(1, Math.abs(value) / span);
  const fade = (c: number): number => Math.round(255 - (255 - c) * t);
  return value >= 0 ? `rgb(${fade(46)},${fade(160)},${fade(67)})` : `rgb(${fade(211)},${fade(47)},${fade(47)})`;
}
