// The one default for indicator warm-up: how many candles before a window's start a strategy sees
// (no trading, not in the metrics) in `backtest --from`, sweeps over date windows, `walk-forward`
// and `select`'s hold-out, so the same window gives the same figures whichever command ran it.

/**
 * 200 candles: an EMA of period p keeps (1 − 2/(p+1))^n of its seed after n updates; for the
 * slowest MACD leg the bundled sweeps try (80) that is 0.7% after 200 candles, against 8% after 100.
 */
export const DEFAULT_WARMUP_CANDLES = 200;

/** One line for a command's output, e.g. `warm-up: 200 candles before 2025-07-01`. */
export function describeWarmup(candles: number, beforeMs: number | undefined, requested = candles): string {
  const where = beforeMs === undefined ? 'before each window (fewer where the data starts later)' : `before ${new Date(beforeMs).toISOString().slice(0, 10)}`;
  const short = candles < requested ? ` (${requested} asked; the data starts later)` : '';
  return `warm-up: ${candles} candles ${where}${short}`;
}
