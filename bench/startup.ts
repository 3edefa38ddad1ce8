// Benchmark: how long `rampart --help` and `rampart --version` take against a bare `node -e 0` on
// the same machine, as a user's shell starts them (a new process each time, dist/ already built).
// Runs are interleaved, so a busy moment slows all three alike; the median of each is printed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { printFigure } from './report.ts';

const RUNS = 11;
const BIN = path.join(import.meta.dirname, '../bin/rampart.js');
const COMMANDS = {
  node: ['-e', '0'],
  help: [BIN, '--help'],
  version: [BIN, '--version'],
} as const;

function timeRun(args: readonly string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
  return performance.now() - start;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

timeRun(COMMANDS.help); // builds dist/ if a source changed, and warms the file cache
const times = { node: [] as number[], help: [] as number[], version: [] as number[] };
for (let r = 0; r < RUNS; r++) {
  for (const name of ['node', 'help', 'version'] as const) times[name].push(timeRun(COMMANDS[name]));
}
const [node, help, version] = [median(times.node), median(times.help), median(times.version)];
printFigure('startup.node_e_0', Number(node.toFixed(1)), 'ms');
printFigure('startup.rampart_help', Number(help.toFixed(1)), 'ms');
printFigure('startup.rampart_version', Number(version.toFixed(1)), 'ms');
printFigure('startup.help_over_node', Number((help / node).toFixed(2)), 'ratio');
