// Which candles a run reads: the part of a config that names the market, the set and the window.
import { z } from 'zod';
import { DATA_SOURCES, TIMEFRAMES } from '../../core/index.ts';
import type { Timeframe } from '../../core/index.ts';

/**
 * The one default for indicator warm-up: how many candles before a window's start a strategy sees
 * (no trading, not in the metrics) in `backtest --from`, sweeps over date windows, `walk-forward`
 * and `select`'s hold-out, so the same window gives the same figures whichever command ran it.
 * 200 candles: an EMA of period p keeps (1 − 2/(p+1))^n of its seed after n updates; for the
 * slowest MACD leg the bundled sweeps try (80) that is 0.7% after 200 candles, against 8% after 100.
 */
export const DEFAULT_WARMUP_CANDLES = 200;

/** The venue whose candles and market rules a run uses when none is named. */
export const DEFAULT_EXCHANGE = 'binance';

export const timeframeSchema = z.enum(TIMEFRAMES as [Timeframe, ...Timeframe[]]);

/**
 * Data selection: exchange, symbol and timeframe of the set, where it comes from (a file, or the
 * store / bundled data per `source`), the open-time window [from, to) in UTC ms, and the warm-up.
 */
export const dataSelectionSchema = z
  .object({
    exchange: z.string().min(1).default(DEFAULT_EXCHANGE),
    symbol: z.string().min(1),
    timeframe: timeframeSchema,
    /** A candle file read directly instead of the store / bundled data. */
    dataFile: z.string().min(1).optional(),
    /** Store or bundled data when both have the set; absent = auto (see data/resolve.ts). A run records the one it used. */
    source: z.enum(DATA_SOURCES).optional(),
    /** First open time, UTC ms, inclusive. */
    from: z.number().int().optional(),
    /** End open time, UTC ms, exclusive. */
    to: z.number().int().optional(),
    /**
     * Candles before `from` (or each window's start) fed to the strategy only to warm its
     * indicators (no trading, not in the metrics); fewer where the data starts later.
     */
    warmupCandles: z.number().int().min(0).default(DEFAULT_WARMUP_CANDLES),
  })
  .strict();

export type DataSelection = z.output<typeof dataSelectionSchema>;
