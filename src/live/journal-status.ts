// What a fleet's journal says about its instances, read from the store by another process (the
// `rampart status|orders|trades` commands, the REST API when the fleet runs elsewhere): each
// instance's status from its latest start, stop and balance entries, the entries of each
// instance's latest run, and the closed trades with their slippage.
import type { Trade } from '../core/index.ts';
import type { TradingState } from '../risk/index.ts';
import { FLEET_SCOPE } from '../store/index.ts';
import type { JournalEntry, JournalQuery, LiveStore } from '../store/index.ts';
import type { FeedStatus, InstanceStatus } from './instance-runner.ts';
import { flagReason, pauseReason } from './kill-switch.ts';
import { FillModelPrices, SLIPPAGE_KINDS } from './slippage.ts';
import type { TradeSlippage } from './slippage.ts';

/** A closed trade as the journal holds it, with its instance, mode and slippage (null for paper, or when unknown). */
export type TradeRow = Trade & { instance: string; mode: string; slippage: TradeSlippage | null };

type Records = Pick<LiveStore, 'journal' | 'kills'>;

/**
 * Each instance as its latest start/stop and balance snapshot show it; a kill flag in the store
 * (the instance's or the fleet's) shows it halted at once, a pause flag reducing, before its next
 * snapshot. By instance name (code-point order).
 */
export function statusFromJournal(store: Records): InstanceStatus[] {
  const fleetFlag = store.kills.flag(FLEET_SCOPE);
  const pauses = new Map(store.kills.pauses().map((flag) => [flag.scope, flag]));
  const starts = new Map(store.journal.latest('start').map((entry) => [entry.instance, entry]));
  const stops = new Map(store.journal.latest('stop').map((entry) => [entry.instance, entry]));
  const balances = new Map(store.journal.latest('balance').map((entry) => [entry.instance, entry]));
  const feeds = new Map(store.journal.latest('feed').map((entry) => [entry.instance, entry]));
  return [...starts.values()].map((start) => {
    const begun = start.data as { symbol: string; timeframe: string; cash: number };
    const stop = stops.get(start.instance);
    const ended = stop !== undefined && stop.id > start.id ? (stop.data as { reason: string; error?: string }) : undefined;
    const balance = balances.get(start.instance);
    const b = balance !== undefined && balance.id > start.id ? (balance.data as { position: number; equity: number; pnl: number; trades: number; lastSignal: string; riskState: TradingState; riskReason?: string; candles: number; refusals?: number; lastRefusal?: string | null }) : undefined;
    const flag = store.kills.flag(start.instance) ?? fleetFlag;
    const pause = pauses.get(start.instance) ?? pauses.get(FLEET_SCOPE);
    let riskState: TradingState = b?.riskState ?? 'active';
    let riskReason = b?.riskReason ?? '';
    if (flag !== undefined) [riskState, riskReason] = ['halted', flagReason(flag)];
    else if (pause !== undefined && riskState !== 'halted') [riskState, riskReason] = ['reducing', pauseReason(pause)];
    return {
      instance: start.instance,
      mode: start.mode,
      symbol: begun.symbol,
      timeframe: begun.timeframe,
      state: ended === undefined ? 'running' : ended.reason === 'failed' ? 'failed' : 'stopped',
      position: b?.position ?? 0,
      equity: b?.equity ?? begun.cash,
      pnl: b?.pnl ?? 0,
      trades: b?.trades ?? 0,
      lastSignal: b?.lastSignal ?? '—',
      riskState,
      riskReason,
      candles: b?.candles ?? 0,
      lastCandleTime: b === undefined ? null : balance!.candleTime,
      feed: ended === undefined ? feedStatusOf(feeds.get(start.instance), start.id) : 'stopped',
      refusals: b?.refusals ?? 0,
      lastRefusal: b?.lastRefusal ?? null,
      ...(ended?.error === undefined ? {} : { error: ended.error }),
    };
  });
}

/**
 * Journal entries matching `query`, of each instance's latest run only (its last `start` entry
 * on) unless `allSessions`: a fleet run again on the same journal replays the market anew, and its
 * trades would otherwise be listed beside the same trades of the earlier run, as if made twice. An
 * exchange instance's run journals only the trades it closed (those of earlier runs are in their
 * own), so `allSessions` lists each of them once.
 */
export function sessionEntries(store: Pick<LiveStore, 'journal'>, query: JournalQuery, allSessions: boolean): JournalEntry[] {
  const entries = store.journal.list(query);
  if (allSessions) return entries;
  const started = new Map(store.journal.latest('start').map((entry) => [entry.instance, entry.id]));
  return entries.filter((entry) => entry.id > (started.get(entry.instance) ?? 0));
}

/** The closed trades (of each instance's latest run unless `allSessions`), each with its slippage against the backtest's fill model. */
export function tradesFromJournal(store: Pick<LiveStore, 'journal'>, instances: readonly string[] | undefined, allSessions: boolean): TradeRow[] {
  const entries = sessionEntries(store, { ...(instances === undefined ? {} : { instances }), kinds: ['trade'] }, allSessions);
  const models = new Map<string, FillModelPrices>();
  const modelOf = (instance: string): FillModelPrices => {
    let model = models.get(instance);
    if (model === undefined) {
      model = new FillModelPrices(store.journal.list({ instances: [instance], kinds: [...SLIPPAGE_KINDS] }));
      models.set(instance, model);
    }
    return model;
  };
  return entries.map((entry) => {
    const trade = entry.data as Trade;
    return { instance: entry.instance, mode: entry.mode, ...trade, slippage: entry.mode === 'paper' ? null : modelOf(entry.instance).of(trade) };
  });
}

/** The feed's status after its latest event of this run (a `feed` entry newer than the start); live without one. */
function feedStatusOf(entry: JournalEntry | undefined, startId: number): FeedStatus {
  return entry !== undefined && entry.id > startId ? (entry.data as { status: FeedStatus }).status : 'live';
}
