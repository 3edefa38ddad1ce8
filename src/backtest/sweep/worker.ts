// A sweep worker thread: views the shared candles, runs the scenario batches it is sent, and
// posts their metrics back.
import { parentPort, workerData } from 'node:worker_threads';
import { resolveStrategy } from '../../strategies/index.ts';
import { runScenario } from './run-scenario.ts';
import type { ScenarioInput, SweepBase } from './run-scenario.ts';
import { setKey, viewSeries } from './shared-series.ts';
import type { SharedSeries } from './shared-series.ts';
import type { ToMain, ToWorker } from './messages.ts';

interface WorkerInit {
  readonly strategy: string;
  readonly base: SweepBase;
  readonly sets: readonly SharedSeries[];
}

const init = workerData as WorkerInit;
const port = parentPort!;
const definition = await resolveStrategy(init.strategy);
const candles = new Map(init.sets.map((shared) => [shared.key, viewSeries(shared)]));

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  try {
    const results = message.scenarios.map((scenario: ScenarioInput) => {
      const series = candles.get(setKey(scenario.symbol, scenario.timeframe))!;
      return { index: scenario.index, metrics: runScenario(definition, init.base, scenario, series) };
    });
    port.postMessage({ type: 'results', results } satisfies ToMain);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ToMain);
  }
});
port.postMessage({ type: 'ready' } satisfies ToMain);
