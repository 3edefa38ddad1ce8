// Use case: the lookahead check. The strategy runs on the full candles and on truncated copies;
// a decision that changes when later candles are removed used data it could not have had.
import type { BacktestConfig, JobOptions } from '../backtest/index.ts';
import { loadCandles } from '../data/index.ts';
import { checkLookahead } from '../research/index.ts';
import type { LookaheadReport } from '../research/index.ts';
import { resolveParams, resolveStrategy } from '../strategies/index.ts';
import type { Workspace } from './workspace.ts';

export interface LookaheadRequest {
  /** Market, data selection, strategy and parameters (as given: the strategy's defaults fill the rest). */
  readonly config: BacktestConfig;
  /** Truncation points spread evenly, besides the early cuts and one after each decision; ≥ 1. */
  readonly cuts: number;
}

export interface LookaheadResult {
  /** The strategy's own name (a file's strategy names itself). */
  readonly strategyName: string;
  readonly report: LookaheadReport;
}

/** Throws InputError/ConfigError for an unknown strategy, bad parameters or missing candles. */
export async function lookaheadCheck(request: LookaheadRequest, workspace: Pick<Workspace, 'store'>, options: JobOptions = {}): Promise<LookaheadResult> {
  const { config } = request;
  const definition = await resolveStrategy(config.strategy);
  const params = resolveParams(definition, config.params);
  const { series } = loadCandles({
    store: workspace.store,
    exchange: config.exchange,
    symbol: config.symbol,
    timeframe: config.timeframe,
    source: config.source,
    dataFile: config.dataFile,
    announce: options.announce,
    ...(options.describe === undefined ? {} : { describe: options.describe }),
  });
  const report = checkLookahead(series, { ...config, params }, definition, params, Math.max(1, Math.floor(request.cuts)));
  return { strategyName: definition.name, report };
}
