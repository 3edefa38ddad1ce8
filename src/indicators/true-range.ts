// True range: the candle's range extended to the previous close (gaps count as movement).

export function trueRange(high: number, low: number, previousClose: number): number {
  const a = high - low;
  const b = Math.abs(high - previousClose);
  const c = Math.abs(low - previousClose);
  return a > b ? (a > c ? a : c) : b > c ? b : c;
}
