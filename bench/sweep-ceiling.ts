// Benchmark: how well this machine runs two of the example sweep's backtest streams at once, with
// no pool, messages or store involved — two independent processes each running every scenario
// in a plain loop. Their combined speed-up over one such process is the ceiling for any 2-worker
// sweep here: on a 2-vCPU VM the two streams share caches, memory bandwidth and V8's background
// threads, so it is below 2x even though nothing is shared in the program.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBacktestConfig } from '../src/backtest/index.ts';
import { expandScenarios, parseSweepSpec, readSweepFile, runScenario } from '../src/backtest/sweep/index.ts';
import type { CandleSeries } from '../src/core/index.ts';
import { loadCandles } from '../src/data/index.ts';
import { resolveStrategy } from '../src/strategies/index.ts';
import { printFigure, timeBest } from './report.ts';

const self = fileURLToPath(import.meta.url);

async function child(): Promise<void> {
  const spec = parseSweepSpec(readSweepFile(path.join(import.meta.dirname, '../examples/sweep.yml')));
  const definition = await resolveStrategy(spec.strategy);
  const { scenarios } = expandScenarios(spec, definition, [{}]);
  const sets = new Map<string, CandleSeries>();
  const inputs = scenarios.map((s) => {
    const key = `${s.symbol}|${s.timeframe}`;
    if (!sets.has(key)) sets.set(key, loadCandles({ exchange: spec.exchange, symbol: s.symbol, timeframe: s.timeframe }).series);
    const config = parseBacktestConfig({ exchange: spec.exchange, strategy: spec.strategy, symbol: s.symbol, timeframe: s.timeframe, params: s.params, cash: spec.cash, fee: spec.fee });
    return { input: { index: s.index, config }, candles: sets.get(key)! };
  });
  const ms = timeBest(() => inputs.forEach(({ input, candles }) => runScenario(definition, input, candles)), 4);
  process.stdout.write(String(ms));
}

function runChildren(count: number): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number>((resolve, reject) => {
          const proc = spawn(process.execPath, ['--import', 'tsx', self, '--child'], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          proc.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`ceiling child exited ${code}`))));
        }),
    ),
  );
}

if (process.argv.includes('--child')) {
  await child();
} else {
  const [alone] = await runChildren(1);
  const together = await runChildren(2);
  const slowest = Math.max(...together);
  printFigure('sweep.example.single_thread_loop', Math.round(alone!), 'ms');
  printFigure('sweep.example.two_processes_ceiling_1_to_2', Number(((2 * alone!) / slowest).toFixed(2)), 'x');
}
