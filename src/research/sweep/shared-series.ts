// Candles in SharedArrayBuffers: loaded once by the main thread and read by every worker without
// a copy (six float64 columns back to back: time, open, high, low, close, volume).
import type { CandleSeries } from '../../core/index.ts';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

export interface SharedSeries {
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
}

export function shareSeries(s: CandleSeries): SharedSeries {
  const buffer = new SharedArrayBuffer(COLUMNS.length * s.length * Float64Array.BYTES_PER_ELEMENT);
  COLUMNS.forEach((column, c) => new Float64Array(buffer, c * s.length * 8, s.length).set(s[column]));
  return { length: s.length, buffer };
}

export function viewSeries(shared: SharedSeries): CandleSeries {
  const n = shared.length;
  const column = (c: number): Float64Array => new Float64Array(shared.buffer, c * n * 8, n);
  return { length: n, time: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}

export function setKey(symbol: string, timeframe: string): string {
  return `${symbol}|${timeframe}`;
}
