// What the instances of one fleet share: the fleet's trading state (read by every instance's risk
// engine on every order, so a fleet-wide halt or reduce holds for all) and their exposures, so an
// entry is judged against the fleet's total as well as its own instance's limits.
import type { StateWithReason, TradingState } from './trading-state.ts';

export interface FleetLimits {
  /** Total exposure across the instances, quote currency (sum of |position| × last price); absent = none. */
  readonly maxExposure?: number | undefined;
}

const ACTIVE: StateWithReason = Object.freeze({ state: 'active', reason: '' });

/** One per fleet, handed to every instance's RiskEngine. Instances are keyed by name. */
export class FleetRisk {
  private current: StateWithReason = ACTIVE;
  private readonly exposures = new Map<string, number>();

  constructor(readonly limits: FleetLimits = {}) {}

  /** The fleet's trading state and why it was set (empty reason when active). */
  get state(): StateWithReason {
    return this.current;
  }

  /** Sets the fleet's state; `reason` is one line shown in refusals and the status table. */
  setState(state: TradingState, reason: string): void {
    this.current = state === 'active' ? ACTIVE : { state, reason };
  }

  /** An instance's exposure, quote currency: |position| × last price (0 when flat). */
  setExposure(instance: string, exposure: number): void {
    this.exposures.set(instance, exposure);
  }

  exposureOf(instance: string): number {
    return this.exposures.get(instance) ?? 0;
  }

  /** The fleet's total exposure, quote currency. */
  get exposure(): number {
    let total = 0;
    for (const x of this.exposures.values()) total += x;
    return total;
  }
}
