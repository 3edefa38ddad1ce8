// Technical indicators in TA-Lib's conventions, each as a batch function over Float64Array (NaN
// during warm-up) and a streaming class with O(1) update; the batch form runs the streaming one.
export { Sma, sma } from './sma.ts';
export { Ema, ema } from './ema.ts';
export { Wma, wma } from './wma.ts';
export { Macd, macd } from './macd.ts';
export type { MacdResult } from './macd.ts';
export { forEachMacd, macdLines, MEMO_MAX_COLUMN as MACD_MEMO_MAX_COLUMN } from './macd-lines.ts';
export type { MacdLines, MacdVisitor } from './macd-lines.ts';
export { Rsi, rsi } from './rsi.ts';
export { Atr, atr } from './atr.ts';
export { BBands, bbands } from './bbands.ts';
export type { BBandsResult } from './bbands.ts';
export { Adx, adx } from './adx.ts';
export type { AdxResult } from './adx.ts';
export { Stoch, stoch } from './stoch.ts';
export type { StochResult } from './stoch.ts';
export { Cci, cci } from './cci.ts';
export { WillR, willr } from './willr.ts';
export { Roc, roc } from './roc.ts';
