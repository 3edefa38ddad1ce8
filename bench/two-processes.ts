// How much faster this machine runs two streams of work than one, measured with two independent
// processes (no pool, messages or store) that each warm up, then start their timed pass together
// on a signal. Used by the ceiling bench and, for the arithmetic workload, next to the sweep's own
// 1→2 worker scaling, so both figures come from the same spell of the host.
// Workloads: the example sweep's backtests (every scenario in a plain loop), and a loop of
// arithmetic on a few KB — what the host gives two busy cores when memory is not involved.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseBacktestConfig } from '../src/backtest/index.ts';
import { expandScenarios, parseSweepSpec, readSweepFile, runScenario } from '../src/research/sweep/index.ts';
import type { CandleSeries } from '../src/core/index.ts';
import { loadCandles } from '../src/data/index.ts';
import { resolveStrategy } from '../src/strategies/index.ts';

export type Workload = 'sweep' | 'arithmetic';

const self = fileURLToPath(import.meta.url);

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

/**
 * Two warmed-up children of one workload. Each `round()` times one pass of the first alone and
 * one pass of both together (the slower of the pair); the best of each over the rounds is kept,
 * and `scaling` is 2 × alone / together: 2 is perfect, below 1 means the host starved one vCPU
 * while both were busy.
 */
export class TwoProcesses {
  private readonly runners: Runner[];
  private ready: Promise<unknown>;
  alone = Infinity;
  together = Infinity;

  constructor(workload: Workload) {
    this.runners = [new Runner(workload), new Runner(workload)];
    this.ready = Promise.all(this.runners.map((r) => r.next()));
  }

  async round(): Promise<void> {
    await this.ready;
    const [first] = this.runners;
    first!.go();
    this.alone = Math.min(this.alone, Number(await first!.next()));
    this.runners.forEach((r) => r.go());
    this.together = Math.min(this.together, Math.max(...(await Promise.all(this.runners.map(async (r) => Number(await r.next()))))));
  }

  get scaling(): number {
    return (2 * this.alone) / this.together;
  }

  close(): void {
    this.runners.forEach((r) => r.proc.stdin!.end());
  }
}

if (process.argv.includes('--child')) await child(process.argv[process.argv.indexOf('--child') + 1] as Workload);
