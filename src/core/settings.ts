// Names for the settings every mode shares, as values (for schemas and flag checks) and types.

/** How an entry is sized: all free cash, a base quantity, a quote amount, or % of equity. */
export const SIZING_MODES = ['all-in', 'fixed', 'quote', 'percent'] as const;
export type SizingMode = (typeof SIZING_MODES)[number];
/** When a decision at a candle's close fills: the next candle's open, or that close. */
export const FILL_TIMINGS = ['next-open', 'close'] as const;
export type FillTiming = (typeof FILL_TIMINGS)[number];
/**
 * Which candles a run uses when both the store and the bundled data have the set. `auto`: the only
 * set there is, or the stored one when it is at least as long as the bundled one (data/resolve.ts).
 */
export const DATA_SOURCES = ['auto', 'store', 'bundled'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];
/** A strategy parameter's value. */
export type ParamValue = number | boolean | string;
