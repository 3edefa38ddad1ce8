// A sweep worker thread: receives the shared candles and their configs once, runs the scenario
// batches it is sent, and posts their metrics back.
import { parentPort, workerData } from 'node:worker_threads';
import { RampartError } from '../../core/index.ts';
import type { CandleSeries } from '../../core/index.ts';
import { resolveStrategy } from '../../strategies/index.ts';
import type { StrategyDefinition } from '../../strategies/index.ts';
import type { BacktestConfig } from '../../backtest/index.ts';
import type { ToMain, ToWorker } from './messages.ts';
import { runScenario, scenarioConfig } from './run-scenario.ts';
import { viewSeries } from './shared-series.ts';

interface WorkerInit {
  readonly strategy: string;
}

const init = workerData as WorkerInit;
const port = parentPort!;
// A strategy that fails to load answers every message with its error (posted now, it could reach
// the main thread before anyone listens).
const loaded: { readonly definition: StrategyDefinition } | { readonly failed: unknown } = await resolveStrategy(init.strategy).then(
  (definition) => ({ definition }),
  (failed: unknown) => ({ failed }),
);
let candles: CandleSeries[] = [];
let configs: readonly BacktestConfig[] = [];

port.on('message', (message: ToWorker) => {
  if ('failed' in loaded) {
    port.postMessage(errorMessage(loaded.failed));
    return;
  }
  const { definition } = loaded;
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
    port.postMessage(errorMessage(error));
  }
});

function errorMessage(error: unknown): ToMain {
  const badInput = error instanceof RampartError && (error.code === 'INPUT' || error.code === 'CONFIG');
  return { type: 'error', message: error instanceof Error ? error.message : String(error), badInput };
}
