// Pre-trade risk: every intent passes here before it can become an order. Denials are values
// with a reason, not exceptions. Live limits (daily loss, drawdown pause, …) join these later.
import type { Intent } from '../core/index.ts';

export interface RiskLimits {
  /** Spot is long-only; margin/futures-style runs allow shorts. */
  readonly allowShort: boolean;
  /** Entries per UTC day; Infinity = no limit. */
  readonly maxTradesPerDay: number;
}

export interface RiskState {
  readonly time: number;
  /** Signed base quantity held. */
  readonly position: number;
}

export type RiskDecision = { readonly approved: true } | { readonly approved: false; readonly reason: string };

const APPROVED: RiskDecision = Object.freeze({ approved: true });
const DAY_MS = 86_400_000;

export class RiskEngine {
  private haltReason: string | undefined;
  private day = -1;
  private entriesToday = 0;

  constructor(private readonly limits: RiskLimits) {}

  check(intent: Intent, state: RiskState): RiskDecision {
    if (this.haltReason !== undefined && intent.type === 'enter') {
      return { approved: false, reason: `trading halted: ${this.haltReason}` };
    }
    if (intent.type === 'exit') return APPROVED;
    const fraction = intent.fraction ?? 1;
    if (!(fraction > 0 && fraction <= 1)) {
      return { approved: false, reason: `entry fraction ${fraction} outside (0, 1]` };
    }
    const opensShort = intent.side === 'short';
    if (opensShort && !this.limits.allowShort) {
      return { approved: false, reason: 'short selling is not allowed on spot (use --allow-short)' };
    }
    const day = Math.floor(state.time / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.entriesToday = 0;
    }
    if (this.entriesToday >= this.limits.maxTradesPerDay) {
      return { approved: false, reason: `max trades per day (${this.limits.maxTradesPerDay}) reached` };
    }
    return APPROVED;
  }

  /** Counts an entry that was actually filled against the day's limit. */
  recordEntry(time: number): void {
    const day = Math.floor(time / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.entriesToday = 0;
    }
    this.entriesToday++;
  }

  /** Kill switch: refuse every new entry until resumed; exits still pass. */
  halt(reason: string): void {
    this.haltReason = reason;
  }

  resume(): void {
    this.haltReason = undefined;
  }

  get halted(): boolean {
    return this.haltReason !== undefined;
  }
}
