// Warm-up in a command's words. The default itself is part of the data selection schema
// (config/schemas/data-selection.ts), the one place every command takes it from.
export { DEFAULT_WARMUP_CANDLES } from '../config/index.ts';

/** One line for a command's output, e.g. `warm-up: 200 candles before 2025-07-01`. */
export function describeWarmup(candles: number, beforeMs: number | undefined, requested = candles): string {
  const where = beforeMs === undefined ? 'before each window (fewer where the data starts later)' : `before ${new Date(beforeMs).toISOString().slice(0, 10)}`;
  const short = candles < requested ? ` (${requested} asked; the data starts later)` : '';
  return `warm-up: ${candles} candles ${where}${short}`;
}
