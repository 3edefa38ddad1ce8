// Names for the settings every mode shares.

/** How an entry is sized: all free cash, a base quantity, a quote amount, or % of equity. */
export type SizingMode = 'all-in' | 'fixed' | 'quote' | 'percent';
/** When a decision at a candle's close fills: the next candle's open, or that close. */
export type FillTiming = 'next-open' | 'close';
/** A strategy parameter's value. */
export type ParamValue = number | boolean | string;
