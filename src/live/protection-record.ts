// The protection a position had when its instance stopped, read back from the instance's journal,
// so start-up recovery can re-arm it (live/recovery.ts) and a restart never leaves a position
// unprotected. The kernel places a fresh pair on every entry fill (the entry's protection, % from
// the average entry) and cancels it when the position is closed, and the journaling venue writes
// each step before the venue has it; replaying those entries gives the pair in force:
//   - an entry fill drops the pair (the kernel replaces it right after, the new legs follow), and
//     a protective leg's own fill drops that leg (the kernel forgets it then);
//   - a protective order submitted is the leg's level; the kernel's cancel of it drops the leg;
//   - a `start` or `recovery` entry begins a new kernel, whose order ids start again: the levels
//     carry over (a restored pair is journaled again, with the new ids, after `start`).
// An entry whose fill the journal lacks (the process died between the order table taking the fill
// and the journal) leaves no levels behind it: its protection percentages are the fallback.
import type { Protection, RestoredProtection } from '../engine/index.ts';
import type { JournalEntry } from '../store/index.ts';

/** The journal kinds the replay reads. */
export const PROTECTION_KINDS = ['start', 'recovery', 'order', 'fill'] as const;

interface Leg {
  /** The kernel's order id in its run; 0 once a new run began (the level carries over). */
  id: number;
  readonly price: number;
}

/**
 * The protective pair in force at the end of `entries` (one instance's journal entries of
 * PROTECTION_KINDS, oldest first): its levels, else the protection of an entry whose fill is
 * missing, else undefined (no protection on record). Entries it does not recognise are skipped.
 */
export function protectionOnRecord(entries: readonly JournalEntry[]): RestoredProtection | undefined {
  let stop: Leg | null = null;
  let take: Leg | null = null;
  /** Entries of this run by order id: their protection, and whether a fill of theirs was journaled. */
  let entryOrders = new Map<number, { protection: Protection | undefined; filled: boolean }>();
  let lastEntry: number | undefined;
  for (const entry of entries) {
    if (entry.kind === 'start' || entry.kind === 'recovery') {
      if (stop !== null) stop.id = 0;
      if (take !== null) take.id = 0;
      entryOrders = new Map();
      lastEntry = undefined;
      continue;
    }
    const d = entry.data as { event?: string; orderId?: number; role?: string; price?: number; protection?: Protection };
    if (typeof d.orderId !== 'number') continue;
    if (entry.kind === 'fill') {
      // A protective leg that filled is over, as the kernel forgets it on its fill.
      if (stop?.id === d.orderId) stop = null;
      if (take?.id === d.orderId) take = null;
      if (d.role !== 'entry') continue;
      const order = entryOrders.get(d.orderId);
      if (order !== undefined) order.filled = true;
      stop = null;
      take = null;
      continue;
    }
    if (d.event === 'submitted') {
      if (d.role === 'entry') {
        entryOrders.set(d.orderId, { protection: d.protection, filled: false });
        lastEntry = d.orderId;
      } else if (d.role === 'stop-loss' && typeof d.price === 'number') stop = { id: d.orderId, price: d.price };
      else if (d.role === 'take-profit' && typeof d.price === 'number') take = { id: d.orderId, price: d.price };
    } else if (d.event === 'cancel-requested') {
      // The kernel's cancel, not the venue's report: an exit of a fired stop that expires is
      // reported cancelled, yet the stop goes back on watch.
      if (stop?.id === d.orderId) stop = null;
      if (take?.id === d.orderId) take = null;
    }
  }
  if (stop !== null || take !== null) return { kind: 'levels', stopLoss: stop?.price ?? null, takeProfit: take?.price ?? null };
  const unfilled = lastEntry === undefined ? undefined : entryOrders.get(lastEntry);
  const protection = unfilled?.filled === false ? unfilled.protection : undefined;
  if (protection === undefined || (protection.stopLossPct <= 0 && protection.takeProfitPct <= 0)) return undefined;
  return { kind: 'percent', protection };
}
