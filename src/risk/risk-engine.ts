// Pre-trade risk: every intent passes here before it can become an order. Denials are values
// with a reason, not exceptions. Live limits (daily loss, drawdown pause, …) join these later.
import type { Intent, PortfolioSnapshot } from '../core/index.ts';

export interface RiskLimits {
  /** Spot is long-only; margin/futures-style runs allow shorts. */
  readonly allowShort: boolean;
  /** Entries per UTC day; Infinity = no limit. */
  readonly maxTradesPerDay: number;
  /**
   * Stop-loss every entry carries, % from the entry price; 0 = none. Where the strategy sets its
   * own, the tighter of the two holds, so no position is ever wider than this limit.
   */
  readonly stopLossPct?: number;
  /** Take-profit every entry carries, % from the entry price; 0 = none; the nearer of the two holds. */
  readonly takeProfitPct?: number;
}

/** The stop-loss and take-profit an entry is opened with, % from the entry price (0 = none). */
export interface Protection {
  readonly stopLossPct: number;
  readonly takeProfitPct: number;
}

/** What an intent is judged against: the portfolio at the candle's close (core's PortfolioSnapshot). */
export type RiskState = PortfolioSnapshot;

export type RiskDecision = { readonly approved: true } | { readonly approved: false; readonly reason: string };

const APPROVED: RiskDecision = Object.freeze({ approved: true });
const NO_PROTECTION: Protection = Object.freeze({ stopLossPct: 0, takeProfitPct: 0 });
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

  /** The protection an approved entry is opened with: the strategy's own, tightened to the limits. */
  protection(intent: Intent): Protection {
    if (intent.type !== 'enter') return NO_PROTECTION;
    return {
      stopLossPct: tighter(intent.stopLossPct ?? 0, this.limits.stopLossPct ?? 0),
      takeProfitPct: tighter(intent.takeProfitPct ?? 0, this.limits.takeProfitPct ?? 0),
    };
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

/** The smaller positive distance of two, where 0 means "none". */
function tighter(a: number, b: number): number {
  if (a > 0 && b > 0) return Math.min(a, b);
  return a > 0 ? a : b;
}
