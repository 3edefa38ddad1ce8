// Benchmark: how much faster this machine runs two streams of work than one — the ceiling for any
// 2-worker sweep here. Two independent processes (no pool, messages or store), each warmed up,
// start their timed pass together on a signal; rounds of "one alone" and "two together" alternate,
// so a slow spell of the host weighs on both sides, and the best of each is kept.
// Two workloads: the example sweep's backtests (every scenario in a plain loop), and a loop of
// arithmetic on a few KB — what the host gives two busy cores when memory is not involved.
// On a 2-vCPU VM both are below 2x even though nothing is shared in the program; a figure below 1
// means the host starved one vCPU while both were busy.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseBacktestConfig } from '../src/backtest/index.ts';
import { expandScenarios, parseSweepSpec, readSweepFile, runScenario } from '../src/backtest/sweep/index.ts';
import type { CandleSeries } from '../src/core/index.ts';
import { loadCandles } from '../src/data/index.ts';
import { resolveStrategy } from '../src/strategies/index.ts';
import { printFigure } from './report.ts';

const self = fileURLToPath(import.meta.url);
const ROUNDS = 5;
type Workload = 'sweep' | 'arithmetic';

async function sweepPass(): Promise<() => void> {
  const spec = parseSweepSpec(readSweepFile(path.join(import.meta.dirname, '../examples/sweep.yml')));
  const definition = await resolveStrategy(spec.strategy);
  const { scenarios } = expandScenarios(spec, definition, [{}]);
  const sets = new Map<string, CandleSeries>();
  const inputs = scenarios.map((s) => {
    const key = `${s.symbol}|${s.timeframe}`;
    if (!sets.has(key)) sets.set(key, loadCandles({ exchange: spec.exchange, symbol: s.symbol, timeframe: s.timeframe }).series);
    const config = parseBacktestConfig({ exchange: spec.exchange, strategy: spec.strategy, symbol: s.symbol, timeframe: s.timeframe, params: s.params, cash: spec.cash, fee: spec.fee });
    return { config, candles: sets.get(key)! };
  });
  return () => inputs.forEach(({ config, candles }) => runScenario(definition, config, candles));
}

function arithmeticPass(): () => number {
  const values = Float64Array.from({ length: 4096 }, (_v, i) => 1000 + Math.sin(i / 50) * 100);
  return () => {
    let peak = -Infinity;
    let worst = 0;
    for (let k = 0; k < 20000; k++) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i]! + k;
        if (v > peak) peak = v;
        else worst = Math.min(worst, (v - peak) / peak);
      }
    }
    return worst;
  };
}

/** Child: warm up, say "ready", then time one pass per "go" line. */
async function child(workload: Workload): Promise<void> {
  const pass = workload === 'sweep' ? await sweepPass() : arithmeticPass();
  pass();
  pass();
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'go') break;
    const start = performance.now();
    pass();
    process.stdout.write(`${performance.now() - start}\n`);
  }
}

class Runner {
  private readonly lines: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  readonly proc: ChildProcess;

  constructor(workload: Workload) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', self, '--child', workload], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.proc.stdout! }).on('line', (line) => {
      if (this.waiting === undefined) this.lines.push(line);
      else {
        this.waiting.resolve(line);
        this.waiting = undefined;
      }
    });
    this.proc.on('exit', (code) => this.waiting?.reject(new Error(`ceiling child exited ${code}`)));
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  go(): void {
    this.proc.stdin!.write('go\n');
  }
}

/** Best time of one pass alone and of two passes run together (the slower of the pair). */
async function ceiling(workload: Workload): Promise<{ alone: number; together: number }> {
  const runners = [new Runner(workload), new Runner(workload)];
  await Promise.all(runners.map((r) => r.next())); // both warmed up
  let alone = Infinity;
  let together = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    runners[0]!.go();
    alone = Math.min(alone, Number(await runners[0]!.next()));
    runners.forEach((r) => r.go());
    together = Math.min(together, Math.max(...(await Promise.all(runners.map(async (r) => Number(await r.next()))))));
  }
  runners.forEach((r) => r.proc.stdin!.end());
  return { alone, together };
}

if (process.argv.includes('--child')) {
  await child(process.argv[process.argv.indexOf('--child') + 1] as Workload);
} else {
  const sweep = await ceiling('sweep');
  const arithmetic = await ceiling('arithmetic');
  printFigure('sweep.example.single_thread_loop', Math.round(sweep.alone), 'ms');
  printFigure('sweep.example.two_processes_ceiling_1_to_2', Number(((2 * sweep.alone) / sweep.together).toFixed(2)), 'x');
  printFigure('machine.two_processes_arithmetic_1_to_2', Number(((2 * arithmetic.alone) / arithmetic.together).toFixed(2)), 'x');
}
