// What an instance's own settings would have made over the window it traded live: a backtest of
// its instance config (as `rampart backtest --config` runs a deployment) on the stored or bundled
// candles of its market, the set the simulator replays. Not stored as a run: it is a view.
import path from 'node:path';
import { instanceBacktestInput, parseBacktestConfig, runBacktestJob } from '../backtest/index.ts';
import type { BacktestJob } from '../backtest/index.ts';
import type { InstanceConfig } from '../config/index.ts';
import { InputError } from '../core/index.ts';
import { strategyRef } from './strategy-ref.ts';
import type { Workspace } from './workspace.ts';

export interface ExpectationRequest {
  /** The instance as the fleet file holds it. */
  readonly instance: InstanceConfig;
  /** The fleet file, whose folder a strategy file in it is found from. */
  readonly fleetFile: string;
  /** First candle's open time, UTC ms, inclusive. */
  readonly from: number;
  /** End open time, UTC ms, exclusive. */
  readonly to: number;
}

/**
 * Backtests `request.instance` over [from, to) with the default warm-up before `from`.
 * @throws InputError when the window is empty or no candles of the market are stored or bundled;
 * ConfigError when the instance's settings do not parse.
 */
export async function instanceExpectation(request: ExpectationRequest, workspace: Pick<Workspace, 'store'>): Promise<BacktestJob> {
  const { instance, from, to } = request;
  if (!(to > from)) throw new InputError(`expectation window: to (${to}) must be after from (${from})`);
  const strategy = strategyRef(instance.strategy, path.dirname(path.resolve(request.fleetFile)));
  const config = parseBacktestConfig({ ...instanceBacktestInput(instance), strategy, from, to }, { file: request.fleetFile });
  return runBacktestJob(config, workspace.store);
}
