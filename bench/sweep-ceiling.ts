// Benchmark: how much faster this machine runs two streams of work than one — the ceiling for any
// 2-worker sweep here (see two-processes.ts): the example sweep's backtests and pure arithmetic,
// rounds of "one alone" and "two together" alternating, the best of each kept.
// On a 2-vCPU VM both are below 2x even though nothing is shared in the program; a figure below 1
// means the host starved one vCPU while both were busy.
import { printFigure } from './report.ts';
import { TwoProcesses } from './two-processes.ts';
import type { Workload } from './two-processes.ts';

const ROUNDS = 5;

async function ceiling(workload: Workload): Promise<TwoProcesses> {
  const pair = new TwoProcesses(workload);
  for (let round = 0; round < ROUNDS; round++) await pair.round();
  pair.close();
  return pair;
}

const sweep = await ceiling('sweep');
const arithmetic = await ceiling('arithmetic');
printFigure('sweep.example.single_thread_loop', Math.round(sweep.alone), 'ms');
printFigure('sweep.example.two_processes_ceiling_1_to_2', Number(sweep.scaling.toFixed(2)), 'x');
printFigure('machine.two_processes_arithmetic_1_to_2', Number(arithmetic.scaling.toFixed(2)), 'x');
