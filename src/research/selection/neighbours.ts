// Parameter-neighbourhood stability: is a winner a lone spike? Its neighbours are the scenarios on
// the same data that differ by one grid step in exactly one swept parameter.
import type { SweepResultRow } from '../../store/index.ts';

export interface Stability {
  readonly neighbours: number;
  /** Median of the neighbours' metric over the candidate's (1 = as good as the winner; ≤ 0 = spike). */
  readonly ratio: number;
}

export function neighbourhoodStability(candidate: SweepResultRow, family: readonly SweepResultRow[], swept: readonly string[], metric: string): Stability {
  const values = new Map<string, number[]>();
  for (const name of swept) values.set(name, [...new Set(family.map((row) => Number(row.params[name])))].sort((a, b) => a - b));
  const neighbours = family.filter((row) => {
    let differing = 0;
    for (const name of swept) {
      const axis = values.get(name)!;
      const a = axis.indexOf(Number(row.params[name]));
      const b = axis.indexOf(Number(candidate.params[name]));
      if (a === b) continue;
      if (Math.abs(a - b) !== 1) return false;
      differing++;
    }
    return differing === 1;
  });
  const own = candidate.metrics[metric] ?? 0;
  const scores = neighbours.map((row) => row.metrics[metric] ?? 0).sort((a, b) => a - b);
  if (scores.length === 0 || own === 0) return { neighbours: scores.length, ratio: 0 };
  const mid = scores.length / 2;
  const median = scores.length % 2 === 1 ? scores[Math.floor(mid)]! : (scores[mid - 1]! + scores[mid]!) / 2;
  return { neighbours: scores.length, ratio: median / own };
}
