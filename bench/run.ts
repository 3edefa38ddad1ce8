// `npm run bench`: runs each benchmark in its own process (so peak-memory figures are per
// benchmark) and passes their JSON lines through.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ['startup.ts', 'backtest-macd.ts', 'backtest-macd-memory.ts', 'sweep.ts', 'sweep-ceiling.ts', 'simulator.ts', 'kline-to-order.ts', 'candle-to-order.ts', 'fleet-scale.ts', 'indicators.ts', 'data-load.ts', 'fleet-replay.ts', 'journal-write.ts'];

let failed = false;
for (const file of BENCHMARKS) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    console.error(`bench: ${file} failed (exit ${run.status})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
