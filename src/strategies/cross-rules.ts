// The entry/exit rules shared by the cross strategies: long on an upward cross; on a downward cross
// exit a long, or reverse into a short where shorts are allowed.
import type { Intent } from '../core/index.ts';
import type { CrossDirection } from './cross.ts';
import type { StrategyContext } from './strategy.ts';

export interface Protection {
  readonly stopLossPct: number;
  readonly takeProfitPct: number;
}

const EXIT: Intent = Object.freeze({ type: 'exit' });

/** Builds the two entry intents once, so the hot loop allocates nothing. */
export function crossIntents(protection: Protection): { readonly long: Intent; readonly short: Intent } {
  const extra = {
    ...(protection.stopLossPct > 0 ? { stopLossPct: protection.stopLossPct } : {}),
    ...(protection.takeProfitPct > 0 ? { takeProfitPct: protection.takeProfitPct } : {}),
  };
  return {
    long: Object.freeze({ type: 'enter', side: 'long', ...extra }),
    short: Object.freeze({ type: 'enter', side: 'short', ...extra }),
  };
}

export function crossDecision(
  cross: CrossDirection,
  ctx: StrategyContext,
  intents: { readonly long: Intent; readonly short: Intent },
): Intent | null {
  if (cross === 1) return ctx.position <= 0 ? intents.long : null;
  if (cross === -1) {
    if (ctx.allowShort) return ctx.position >= 0 ? intents.short : null;
    return ctx.position > 0 ? EXIT : null;
  }
  return null;
}
