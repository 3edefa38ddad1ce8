// Trading states, as NautilusTrader's TradingState: `active` trades normally; `reducing` takes
// only orders that reduce exposure (exits, protection); `halted` takes nothing new from the
// strategy (the kill switch sets it), only the protective orders of a position already held.
// An instance and its fleet each have one; the stricter of the two holds.

export type TradingState = 'active' | 'reducing' | 'halted';

export const TRADING_STATES: readonly TradingState[] = Object.freeze(['active', 'reducing', 'halted']);

const SEVERITY: Readonly<Record<TradingState, number>> = { active: 0, reducing: 1, halted: 2 };

/** The stricter of two states. */
export function stricterState(a: TradingState, b: TradingState): TradingState {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** A state and why it was set (empty for `active`). */
export interface StateWithReason {
  readonly state: TradingState;
  readonly reason: string;
}
