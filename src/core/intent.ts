// Intents: what a strategy wants. The risk engine and the broker decide what actually happens.
import type { PositionSide } from './types.ts';

/** `fraction` scales the configured position size (enter) or the open position (exit); default 1. */
export type Intent =
  | {
      readonly type: 'enter';
      readonly side: PositionSide;
      readonly fraction?: number;
      /** Limit price; market order when absent. */
      readonly limitPrice?: number;
      readonly stopLossPct?: number;
      readonly takeProfitPct?: number;
    }
  | {
      readonly type: 'exit';
      readonly fraction?: number;
      readonly limitPrice?: number;
    };
