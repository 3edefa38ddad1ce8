// Promotion of an instance one rung up the deployment ladder (shadow → paper → testnet → canary →
// live), and the gates an operator's promotion must pass: enough closed trades and days in the
// current mode, no halt, drawdown under the limit, reconciliation clean, and for canary and live
// the fleet file's live acknowledgement. An admin may force it past the gates, with a reason.
import { INSTANCE_MODES } from '../config/index.ts';
import type { FleetConfig, InstanceMode } from '../config/index.ts';
import { drawdownPct } from '../engine/index.ts';
import { FLEET_SCOPE } from '../store/index.ts';
import type { LiveStore } from '../store/index.ts';

export interface PromotionGates {
  /** Closed trades the instance made in its current mode (default 10). */
  readonly minTrades: number;
  /** Days since the instance first started in its current mode (default 7). */
  readonly minDays: number;
  /** The largest drawdown of its equity in the current mode, % (default 10). */
  readonly maxDrawdownPct: number;
}

export const DEFAULT_PROMOTION_GATES: PromotionGates = { minTrades: 10, minDays: 7, maxDrawdownPct: 10 };

export interface GateResult {
  readonly gate: string;
  readonly ok: boolean;
  readonly detail: string;
}

const DAY_MS = 86_400_000;

/** The next rung after `mode`; undefined for live. */
export function nextMode(mode: InstanceMode): InstanceMode | undefined {
  return INSTANCE_MODES[INSTANCE_MODES.indexOf(mode) + 1];
}

/** Every gate of promoting `instance` from `mode` to `to`, judged from the journal and the kill switch's flags; `now` UTC ms. */
export function judgeGates(live: Pick<LiveStore, 'journal' | 'kills'>, instance: string, mode: InstanceMode, to: InstanceMode, config: FleetConfig, gates: PromotionGates, now: number): GateResult[] {
  const own = (kind: 'start' | 'trade' | 'balance') => live.journal.list({ instances: [instance], kinds: [kind] }).filter((entry) => entry.mode === mode);
  const trades = own('trade').length;
  const firstStart = own('start')[0]?.time;
  const days = firstStart === undefined ? 0 : (now - firstStart) / DAY_MS;
  let peak = 0;
  let drawdown = 0;
  for (const entry of own('balance')) {
    const equity = (entry.data as { equity?: number }).equity ?? 0;
    peak = Math.max(peak, equity);
    drawdown = Math.max(drawdown, -drawdownPct(equity, peak));
  }
  const halt = live.kills.flag(instance) ?? live.kills.flag(FLEET_SCOPE);
  const recovery = live.kills.flags().filter((flag) => flag.source === 'recovery' && (flag.scope === instance || flag.scope === FLEET_SCOPE));
  const results: GateResult[] = [
    { gate: 'trades', ok: trades >= gates.minTrades, detail: `${trades} closed trade${trades === 1 ? '' : 's'} in ${mode} (at least ${gates.minTrades})` },
    { gate: 'days', ok: days >= gates.minDays, detail: `${days.toFixed(1)} days in ${mode} (at least ${gates.minDays})` },
    { gate: 'no-halt', ok: halt === undefined, detail: halt === undefined ? 'no kill flag' : `halted: ${halt.reason}` },
    { gate: 'drawdown', ok: drawdown <= gates.maxDrawdownPct, detail: `max drawdown ${drawdown.toFixed(2)}% in ${mode} (at most ${gates.maxDrawdownPct}%)` },
    { gate: 'reconciliation', ok: recovery.length === 0, detail: recovery.length === 0 ? 'no recovery halt' : recovery.map((f) => f.reason).join('; ') },
  ];
  if (to === 'canary' || to === 'live') results.push({ gate: 'live-acknowledgement', ok: config.acknowledgeLive, detail: config.acknowledgeLive ? 'the fleet file acknowledges live trading' : 'the fleet file lacks acknowledgeLive: true (real money)' });
  return results;
}
