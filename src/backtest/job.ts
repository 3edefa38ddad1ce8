// A complete backtest from a config: resolve the strategy and its parameters, load the candles,
// run. The CLI, `start` and `--rerun` all go through here, so a stored config replays exactly.
import { createHash } from 'node:crypto';
import { sliceSeries } from '../core/index.ts';
import type { CandleSeries } from '../core/index.ts';
import { loadCandles } from '../data/index.ts';
import type { LoadRequest } from '../data/index.ts';
import type { Store } from '../store/index.ts';
import { resolveParams, resolveStrategy } from '../strategies/index.ts';
import { runBacktest } from './engine.ts';
import type { BacktestConfig, BacktestResult } from './types.ts';

export interface BacktestJob {
  readonly result: BacktestResult;
  readonly candles: CandleSeries;
  /** Where the candles came from (file, store, bundled data). */
  readonly source: string;
  /** sha256 of the candle arrays, so a rerun can tell whether the data changed. */
  readonly dataHash: string;
  /** Candles before `from` that only warmed the strategy up (fewer than asked where the data starts later). */
  readonly warmup: number;
}

export interface JobOptions {
  /** Receives the line naming the data set before the run (see data/resolve.ts). */
  readonly announce?: (line: string) => void;
  readonly describe?: LoadRequest['describe'];
}

/**
 * Runs one backtest. The result's config records the data source the run actually used (store or
 * bundled), so `--rerun` loads the same set even if `auto` would now choose otherwise.
 */
export async function runBacktestJob(config: BacktestConfig, store?: Store, options: JobOptions = {}): Promise<BacktestJob> {
  const definition = await resolveStrategy(config.strategy);
  const params = resolveParams(definition, config.params);
  const loaded = loadCandles({
    store,
    exchange: config.exchange,
    symbol: config.symbol,
    timeframe: config.timeframe,
    source: config.source,
    dataFile: config.dataFile,
    ...(config.from === undefined ? {} : { from: config.from }),
    ...(config.to === undefined ? {} : { to: config.to }),
    warmup: config.warmupCandles,
    announce: options.announce,
    ...(options.describe === undefined ? {} : { describe: options.describe }),
  });
  const used = loaded.set.kind === 'file' ? {} : { source: loaded.set.kind };
  const resolved: BacktestConfig = Object.freeze({ ...config, ...used, params });
  const result = runBacktest(loaded.series, resolved, definition.create(params), { gaps: loaded.gaps, warmup: loaded.warmup });
  // The report shows the traded candles; the hash covers the warm-up too, since it shapes the result.
  const traded = loaded.warmup === 0 ? loaded.series : sliceSeries(loaded.series, loaded.series.time[loaded.warmup]!, Infinity);
  return { result, candles: traded, source: loaded.source, dataHash: hashSeries(loaded.series), warmup: loaded.warmup };
}

export function hashSeries(series: CandleSeries): string {
  const hash = createHash('sha256');
  for (const column of [series.time, series.open, series.high, series.low, series.close, series.volume]) {
    hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }
  return hash.digest('hex');
}
