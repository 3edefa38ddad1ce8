// Bench output: one JSON line per figure, and a best-of-N timer.
import { performance } from 'node:perf_hooks';

export function printFigure(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value, unit }));
}

/** Best wall time of `runs` calls, in ms: the least disturbed by the rest of the machine. */
export function timeBest(fn: () => unknown, runs: number): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
