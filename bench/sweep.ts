// Benchmark: the example sweep (examples/sweep.yml, 2,700 scenarios over a year of 1h/4h/1d data
// for four symbols) with 1 and 2 workers: wall time including worker start-up and data loading,
// scaling, scenarios/s, candle-steps/s per core.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseSweepSpec, readSweepFile, runSweep } from '../src/backtest/sweep/index.ts';
import { systemClock } from '../src/core/index.ts';
import { openStore } from '../src/store/index.ts';
import { printFigure } from './report.ts';

const spec = parseSweepSpec(readSweepFile(path.join(import.meta.dirname, '../examples/sweep.yml')));

async function timed(workers: number): Promise<{ ms: number; scenarios: number; candleSteps: number }> {
  let best = Infinity;
  let scenarios = 0;
  let candleSteps = 0;
  for (let run = 0; run < 3; run++) {
    const store = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'rampart-sweep-bench-')), 'bench.db'));
    const start = performance.now();
    const outcome = await runSweep(spec, { store, clock: systemClock, workers, resume: false, yes: true });
    best = Math.min(best, performance.now() - start);
    scenarios = outcome.results.length;
    candleSteps = outcome.results.reduce((sum, row) => sum + (row.metrics['candles'] ?? 0), 0);
    store.close();
  }
  return { ms: best, scenarios, candleSteps };
}

const one = await timed(1);
const two = await timed(2);
printFigure('sweep.example.scenarios', two.scenarios, 'scenarios');
printFigure('sweep.example.wall_1_worker', Math.round(one.ms), 'ms');
printFigure('sweep.example.wall_2_workers', Math.round(two.ms), 'ms');
printFigure('sweep.example.scaling_1_to_2_workers', Number((one.ms / two.ms).toFixed(2)), 'x');
printFigure('sweep.example.scenarios_per_s', Math.round(two.scenarios / (two.ms / 1000)), 'scenarios/s');
printFigure('sweep.example.candle_steps_per_s_per_core', Math.round(two.candleSteps / (two.ms / 1000) / 2), 'candle-steps/s');
printFigure('sweep.example.candle_steps_per_s_1_worker', Math.round(one.candleSteps / (one.ms / 1000)), 'candle-steps/s');
