// A refused order is a value, not an exception: a stable code (for counters, the journal and
// alerts) and a one-line message (for people). The codes follow NautilusTrader's OrderDenied
// reasons in spirit: one per rule, never reworded.
import type { FilterCode } from '../core/index.ts';

/**
 * Why the risk engine refused an order, one code per rule:
 * - `HALTED`: the instance or the fleet is halted (kill switch): nothing new from the strategy;
 * - `REDUCING`: the instance or the fleet only reduces exposure: no entries;
 * - `INVALID_FRACTION`: an entry fraction outside (0, 1];
 * - `SHORT_ON_SPOT`: a short entry where shorts are not allowed;
 * - `TRADES_PER_DAY`: the UTC day's entries are used up;
 * - `DRAWDOWN_PAUSE`: equity fell the limit below its peak (until an operator resumes);
 * - `DAILY_LOSS`: the day's loss reached its limit in money or in % (until 00:00 UTC);
 * - `VOLATILITY`: ATR / price above the bound (or ATR not known yet);
 * - `PRICE_DEVIATION`: a limit or stop price too far from the last trade price;
 * - `POSITION_LIMIT`: the position after the order would exceed its share of equity;
 * - `ORDER_LIMIT`: the order alone would exceed its share of capital;
 * - `FILTER_PRICE`, `FILTER_LOT_SIZE`, `FILTER_MIN_NOTIONAL`: the exchange would refuse it (exits too);
 * - `FLEET_EXPOSURE`: the fleet's exposure after the order would exceed the fleet's bound.
 */
export type RiskCode =
  | 'HALTED'
  | 'REDUCING'
  | 'INVALID_FRACTION'
  | 'SHORT_ON_SPOT'
  | 'TRADES_PER_DAY'
  | 'DRAWDOWN_PAUSE'
  | 'DAILY_LOSS'
  | 'VOLATILITY'
  | 'PRICE_DEVIATION'
  | 'POSITION_LIMIT'
  | 'ORDER_LIMIT'
  | 'FLEET_EXPOSURE'
  | FilterCode;

/** Every code, in the order the engine checks the rules on an entry. */
export const RISK_CODES: readonly RiskCode[] = Object.freeze([
  'HALTED',
  'REDUCING',
  'INVALID_FRACTION',
  'SHORT_ON_SPOT',
  'TRADES_PER_DAY',
  'DRAWDOWN_PAUSE',
  'DAILY_LOSS',
  'VOLATILITY',
  'PRICE_DEVIATION',
  'POSITION_LIMIT',
  'ORDER_LIMIT',
  'FILTER_PRICE',
  'FILTER_LOT_SIZE',
  'FILTER_MIN_NOTIONAL',
  'FLEET_EXPOSURE',
]);

/** A refusal: `reason` is one line, without a trailing period. */
export interface RiskRefusal {
  readonly approved: false;
  readonly code: RiskCode;
  readonly reason: string;
}

export function refusal(code: RiskCode, reason: string): RiskRefusal {
  return { approved: false, code, reason };
}
