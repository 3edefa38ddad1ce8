// A sweep worker thread: receives the shared candles once, runs the scenario batches it is sent,
// and posts their metrics back.
import { parentPort, workerData } from 'node:worker_threads';
import type { CandleSeries } from '../../core/index.ts';
import { resolveStrategy } from '../../strategies/index.ts';
import type { ToMain, ToWorker } from './messages.ts';
import { runScenario } from './run-scenario.ts';
import { setKey, viewSeries } from './shared-series.ts';

interface WorkerInit {
  readonly strategy: string;
}

const init = workerData as WorkerInit;
const port = parentPort!;
const definition = await resolveStrategy(init.strategy);
let candles = new Map<string, CandleSeries>();

port.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    candles = new Map(message.sets.map((shared) => [shared.key, viewSeries(shared)]));
    port.postMessage({ type: 'ready' } satisfies ToMain);
    return;
  }
  try {
    const results = message.scenarios.map((scenario) => {
      const { symbol, timeframe } = scenario.config;
      const series = candles.get(setKey(symbol, timeframe));
      if (series === undefined) throw new Error(`no candles for ${symbol} ${timeframe}`);
      return { index: scenario.index, metrics: runScenario(definition, scenario, series) };
    });
    port.postMessage({ type: 'results', results } satisfies ToMain);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ToMain);
  }
});
