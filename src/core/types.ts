// Plain data shared by every module: candles, sides, markets.

/** One closed candle. `time` is the candle's open time in UTC milliseconds. */
export interface Candle {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * Columnar candles: the backtest hot loop reads these typed arrays directly
 * (no per-candle objects), and worker threads can share their buffers.
 */
export interface CandleSeries {
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export type Side = 'buy' | 'sell';
export type PositionSide = 'long' | 'short';

/** Exchange trading rules for one symbol, as the exchange's filters state them. */
export interface Market {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** PRICE_FILTER tickSize; 0 = no rounding. */
  readonly tickSize: number;
  /** LOT_SIZE stepSize; 0 = no rounding. */
  readonly lotStep: number;
  readonly minQty: number;
  /** MIN_NOTIONAL / NOTIONAL minNotional in quote currency. */
  readonly minNotional: number;
}

/** A data gap: consecutive candles further apart than one timeframe (UTC ms of the candles around it). */
export interface Gap {
  readonly from: number;
  readonly to: number;
  readonly missing: number;
}
