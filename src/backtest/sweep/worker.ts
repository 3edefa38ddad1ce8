// A sweep worker thread: receives the shared candles and their configs once, runs the scenario
// batches it is sent, and posts their metrics back.
import { parentPort, workerData } from 'node:worker_threads';
import type { CandleSeries } from '../../core/index.ts';
import { resolveStrategy } from '../../strategies/index.ts';
import type { BacktestConfig } from '../types.ts';
import type { ToMain, ToWorker } from './messages.ts';
import { runScenario, scenarioConfig } from './run-scenario.ts';
import { viewSeries } from './shared-series.ts';

interface WorkerInit {
  readonly strategy: string;
}

const init = workerData as WorkerInit;
const port = parentPort!;
const definition = await resolveStrategy(init.strategy);
let candles: CandleSeries[] = [];
let configs: readonly BacktestConfig[] = [];

port.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    candles = message.sets.map(viewSeries);
    configs = message.configs;
    port.postMessage({ type: 'ready' } satisfies ToMain);
    return;
  }
  try {
    const results = message.scenarios.map((scenario) => {
      const series = candles[scenario.set];
      if (series === undefined) throw new Error(`no candle set ${scenario.set}`);
      return { index: scenario.index, metrics: runScenario(definition, scenarioConfig(configs[scenario.set]!, scenario), series) };
    });
    port.postMessage({ type: 'results', results } satisfies ToMain);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ToMain);
  }
});
