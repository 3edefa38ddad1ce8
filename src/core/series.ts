// Conversions between candle objects and the columnar series used by batch code.
import type { Candle, CandleSeries } from './types.ts';

export function emptySeries(length: number): CandleSeries {
  return {
    length,
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

export function seriesFromCandles(candles: readonly Candle[]): CandleSeries {
  const s = emptySeries(candles.length);
  candles.forEach((c, i) => {
    s.time[i] = c.time;
    s.open[i] = c.open;
    s.high[i] = c.high;
    s.low[i] = c.low;
    s.close[i] = c.close;
    s.volume[i] = c.volume;
  });
  return s;
}

export function candleAt(s: CandleSeries, i: number): Candle {
  return {
    time: s.time[i]!,
    open: s.open[i]!,
    high: s.high[i]!,
    low: s.low[i]!,
    close: s.close[i]!,
    volume: s.volume[i]!,
  };
}

/** Candles with open time in [fromMs, toMs), without copying. */
export function sliceSeries(s: CandleSeries, fromMs: number, toMs: number): CandleSeries {
  return windowSeries(s, fromMs, toMs, 0).series;
}

export function candlesFromSeries(s: CandleSeries): Candle[] {
  return Array.from({ length: s.length }, (_v, i) => candleAt(s, i));
}

/** The first `length` candles, without copying. */
export function headSeries(s: CandleSeries, length: number): CandleSeries {
  return {
    length,
    time: s.time.subarray(0, length),
    open: s.open.subarray(0, length),
    high: s.high.subarray(0, length),
    low: s.low.subarray(0, length),
    close: s.close.subarray(0, length),
    volume: s.volume.subarray(0, length),
  };
}

/**
 * Candles with open time in [fromMs, toMs), preceded by up to `warmup` earlier candles (fewer
 * where the data starts later); `warmup` in the result is how many were included.
 */
export function windowSeries(s: CandleSeries, fromMs: number, toMs: number, warmup: number): { series: CandleSeries; warmup: number } {
  let a = 0;
  while (a < s.length && s.time[a]! < fromMs) a++;
  let b = a;
  while (b < s.length && s.time[b]! < toMs) b++;
  const start = Math.max(0, a - warmup);
  const series = {
    length: b - start,
    time: s.time.subarray(start, b),
    open: s.open.subarray(start, b),
    high: s.high.subarray(start, b),
    low: s.low.subarray(start, b),
    close: s.close.subarray(start, b),
    volume: s.volume.subarray(start, b),
  };
  return { series, warmup: a - start };
}
