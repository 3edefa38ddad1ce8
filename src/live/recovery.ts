// Start-up recovery of an exchange instance (testnet, canary and live), after a clean stop or
// a crash alike, before its first candle. The order table (written before every send) says what
// the instance may have at the exchange; the exchange says what it has. In order:
//   1. the exchange's open orders, its recent orders and its balances are read;
//   2. the instance's own orders (clientOrderId `<instance>-<n>`) the table lacks are written into
//      it, pending, so reconciliation adopts them with their fills;
//   3. every order that is not final is reconciled by its clientOrderId (OrderManager.reconcile:
//      never decided on a single "not found"), pass after pass until none is unknown or the bound
//      passes;
//   4. orders still resting from the previous run are cancelled (the new run's kernel does not know
//      them, and its strategy decides afresh), and reconciled to their end;
//   5. the portfolio is rebuilt from the fills on record (cash, position, average entry, trades);
//   6. the holdings on record are compared with the exchange's balance of the base asset;
//   7. when a position is held, the protective pair it had is read back from the journal
//      (protection-record.ts), for the runner to re-arm before the first live candle.
// The instance starts `active`, or `halted` with the reason when an order stays unknown or the
// holdings do not reconcile. The halt is the instance's kill flag (source `recovery`): the kill
// switch puts the risk engine in `halted` from it, `rampart status` shows the reason and `rampart
// resume` lifts it, like any halt. Strategy exits are refused too (the record they would be sized
// from is in doubt); the re-armed stop-loss and take-profit still work, as protective orders pass
// every state. What recovery found and did is one `recovery` journal entry.
import { NetworkError } from '../core/index.ts';
import type { Clock, Market } from '../core/index.ts';
import { Portfolio } from '../engine/index.ts';
import type { RestoredProtection, VenueFill, VenueOrder } from '../engine/index.ts';
import type { Exchange } from '../exchange/index.ts';
import type { FillEvent, JournalOrder, OrderManager } from '../execution/index.ts';
import type { JournalStore, KillStore, OrderStore } from '../store/index.ts';
import { convertFill, writeOffDust } from './fill-conversion.ts';
import type { ExchangeVenue } from './exchange-venue.ts';
import { PROTECTION_KINDS, protectionOnRecord } from './protection-record.ts';
import type { ExchangeVenueParts } from './testnet-venue.ts';
import type { InstanceJournal } from './instance-journal.ts';
import { cancelOpenOrders, positionOnRecord } from './kill-actions.ts';

/** Binance reads allOrders by time in windows of at most 24 h (-1127): adoption looks back 23 h. */
const ADOPT_LOOKBACK_MS = 23 * 3_600_000;
/** Holdings equal when they differ by less than this, base units (float sums of decimal fills). */
const HOLDINGS_TOLERANCE = 1e-9;

export interface RecoveryOptions {
  /** The instance name: the prefix of its clientOrderIds. */
  readonly instance: string;
  readonly manager: OrderManager;
  /** The store's order table, which the manager writes. */
  readonly orders: Pick<OrderStore, 'notFinal' | 'all' | 'get' | 'insert'>;
  readonly exchange: Pick<Exchange, 'fetchOpenOrders' | 'fetchOrders' | 'fetchBalance' | 'fetchTime' | 'cancelOrder' | 'fetchCandles'>;
  readonly market: Market;
  /** The instance's journal: the `recovery` entry goes there. */
  readonly journal: InstanceJournal;
  /** The store's journal, where earlier recoveries and the protection of the position are read. */
  readonly history: Pick<JournalStore, 'list'>;
  /** The kill switch's store: a halt is the instance's flag there. */
  readonly kills: Pick<KillStore, 'trigger'>;
  readonly clock: Clock;
  /** Starting cash of the instance, quote currency: the rebuilt portfolio starts from it. */
  readonly cash: number;
  /**
   * The other instances trading the same base asset on the same account: their fills on record
   * count in the holdings the exchange's balance is compared with.
   */
  readonly peers?: readonly string[];
  /** Bound on the reconciliation passes, ms; default 30 000 (above the manager's default absence grace). */
  readonly settleMs?: number;
  /** Wait between reconciliation passes, ms; default 250. */
  readonly pollMs?: number;
}

/** What recovery found and did; the `recovery` journal entry holds it. */
export interface RecoveryReport {
  readonly state: 'active' | 'halted';
  /** Why the instance starts halted; empty when active. */
  readonly reason: string;
  /** Orders not final in the table at start-up. */
  readonly unknownAtStart: number;
  /** The instance's orders the exchange had and the table lacked, now on record. */
  readonly adoptedFromExchange: readonly string[];
  /** Totals of the reconciliation passes (OrderManager.ReconcileReport). */
  readonly reconciled: { adopted: number; resent: number; failed: number };
  /** Orders still of unknown outcome when recovery ended. */
  readonly unresolved: readonly string[];
  /** Resting orders of the previous run cancelled at start-up. */
  readonly canceled: readonly string[];
  /** Fills on record applied to the portfolio. */
  readonly fills: number;
  /** The rebuilt portfolio: free cash (quote), position (base), average entry (quote per base; null when flat). */
  readonly cash: number;
  readonly position: number;
  readonly entryPrice: number | null;
  /** Base asset held according to the fills on record (this instance and its peers) and at the exchange. */
  readonly holdings: { readonly asset: string; readonly onRecord: number; readonly atExchange: number; readonly baseline: number };
  /** The protective pair re-armed for the position (protection-record.ts); null when flat or none is on record. */
  readonly protection: RestoredProtection | null;
}

/** A recovered instance: the report, and the fills its new portfolio is rebuilt from. */
export interface Recovery {
  readonly report: RecoveryReport;
  /** Applies the fills on record to a fresh portfolio (the kernel's, before its first candle). */
  restore(portfolio: Portfolio): void;
}

/**
 * Recovers the instance (see the file's head) and journals the report. Network and exchange errors
 * while reading the exchange pass through (the fleet does not start an instance it cannot check);
 * InvariantError from reconciliation passes through.
 */
export async function recoverInstance(options: RecoveryOptions): Promise<Recovery> {
  const { instance, manager, orders, exchange, market, journal, clock } = options;
  const unknownAtStart = orders.notFinal(instance).length;
  const own = ownOrderId(instance);
  const since = (await patiently(() => exchange.fetchTime())) - ADOPT_LOOKBACK_MS;
  const listed = [...(await patiently(() => exchange.fetchOrders(market.symbol, since))), ...(await patiently(() => exchange.fetchOpenOrders(market.symbol)))];
  const adoptedFromExchange: string[] = [];
  for (const venueOrder of listed) {
    const seq = own(venueOrder.clientOrderId);
    if (seq === undefined || orders.get(venueOrder.clientOrderId) !== undefined) continue;
    const now = clock.now();
    orders.insert({
      clientOrderId: venueOrder.clientOrderId,
      instance,
      seq,
      symbol: market.symbol,
      side: venueOrder.side,
      kind: venueOrder.kind,
      amount: String(venueOrder.amount),
      price: venueOrder.kind === 'limit' ? String(venueOrder.price) : null,
      timeInForce: venueOrder.kind === 'limit' ? 'GTC' : null,
      // The decision's price is lost with the row: 0 marks it unknown (no slippage is reported).
      decisionPrice: 0,
      status: 'pending',
      venueId: venueOrder.id,
      fills: '[]',
      rejectReason: null,
      sends: 1,
      createdAt: now,
      updatedAt: now,
    });
    adoptedFromExchange.push(venueOrder.clientOrderId);
  }
  const reconciled = { adopted: 0, resent: 0, failed: 0 };
  const settle = async (): Promise<void> => {
    const deadline = clock.now() + (options.settleMs ?? 30_000);
    for (;;) {
      const pass = await manager.reconcile();
      reconciled.adopted += pass.adopted;
      reconciled.resent += pass.resent;
      reconciled.failed += pass.failed;
      if (!orders.notFinal(instance).some(isUnknown) || clock.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  };
  await settle();
  const canceled = (await cancelOpenOrders({ instance, manager, journal: orders, exchange, market })).canceled;
  if (canceled.length > 0) await settle();
  const record = orders.all(instance);
  const unresolved = orders.notFinal(instance).map((order) => order.clientOrderId);
  const fills = fillsOnRecord(record, market, options.cash);
  const rebuilt = fills.portfolio;
  const onRecord = positionOnRecord([...record, ...(options.peers ?? []).flatMap((peer) => orders.all(peer))].filter((order) => order.symbol === market.symbol || baseOf(order.symbol) === market.base), market.base);
  const balance = (await patiently(() => exchange.fetchBalance()))[market.base];
  const atExchange = balance === undefined ? 0 : balance.total;
  // What the exchange held beyond the fleet's record at the instance's first start (a test network
  // hands out assets of its own): later starts expect it still there.
  const baseline = previousBaseline(options.history, instance) ?? atExchange - onRecord;
  let reason = '';
  if (unresolved.length > 0) reason = `orders not settled with the exchange after recovery (unknown outcome or cancel unconfirmed): ${unresolved.join(', ')}`;
  else if (Math.abs(atExchange - baseline - onRecord) > HOLDINGS_TOLERANCE) {
    reason = `holdings do not reconcile: ${onRecord} ${market.base} on record (+ ${baseline} held before the first start) but ${atExchange} at the exchange`;
  }
  const report: RecoveryReport = {
    state: reason === '' ? 'active' : 'halted',
    reason,
    unknownAtStart,
    adoptedFromExchange,
    reconciled,
    unresolved,
    canceled,
    fills: fills.applied.length,
    cash: rebuilt.cash,
    position: rebuilt.position,
    entryPrice: rebuilt.position === 0 ? null : rebuilt.entryPrice,
    holdings: { asset: market.base, onRecord, atExchange, baseline },
    protection: rebuilt.position === 0 ? null : (protectionOnRecord(options.history.list({ instances: [instance], kinds: [...PROTECTION_KINDS] })) ?? null),
  };
  journal.write('recovery', report);
  if (reason !== '') options.kills.trigger({ scope: instance, action: 'kill', source: 'recovery', reason, time: clock.now() });
  return {
    report,
    restore(portfolio) {
      for (const fill of fills.applied) portfolio.apply(fill);
    },
  };
}

/**
 * Runs a read of the exchange, again after a NetworkError (a dropped connection, a 5xx) with a
 * doubling wait from 100 ms, at most 8 tries (about 25 s): an exchange that is down at start is
 * waited for a while, then the error passes through and the instance does not start.
 */
async function patiently<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof NetworkError) || attempt >= 7) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

/** Returns the sequence of an id `<instance>-<n>`, else undefined. */
function ownOrderId(instance: string): (clientOrderId: string) => number | undefined {
  const prefix = `${instance}-`;
  return (clientOrderId) => {
    if (!clientOrderId.startsWith(prefix)) return undefined;
    const rest = clientOrderId.slice(prefix.length);
    return /^\d+$/.test(rest) ? Number(rest) : undefined;
  };
}

/** Pending (sent, never acknowledged) or otherwise not final: what the exchange must still settle. */
function isUnknown(order: JournalOrder): boolean {
  return order.status === 'pending';
}

/** Base asset of a unified symbol `BASE/QUOTE`; the symbol itself otherwise. */
function baseOf(symbol: string): string {
  return symbol.split('/')[0] ?? symbol;
}

/** The baseline the instance's first recovery entry recorded, if there is one. */
function previousBaseline(history: Pick<JournalStore, 'list'>, instance: string): number | undefined {
  const [first] = history.list({ instances: [instance], kinds: ['recovery'] });
  const baseline = (first?.data as { holdings?: { baseline?: unknown } } | undefined)?.holdings?.baseline;
  return typeof baseline === 'number' ? baseline : undefined;
}

/** A kernel order standing for the fills of an order of an earlier run. */
function recoveredOrder(id: number, side: 'buy' | 'sell'): VenueOrder {
  return { id, side, type: 'market', role: side === 'buy' ? 'entry' : 'exit', quantity: { kind: 'position', fraction: 1 } };
}

/**
 * The fills on record in the kernel's terms (converted as the exchange venue converts them, dust
 * under one lot step written off when a sell leaves it), in the order they happened, and the
 * portfolio they make from `cash`.
 */
function fillsOnRecord(record: readonly JournalOrder[], market: Market, cash: number): { applied: VenueFill[]; portfolio: Portfolio } {
  const raw: { fill: FillEvent; side: 'buy' | 'sell'; seq: number }[] = [];
  for (const order of record) {
    for (const fill of JSON.parse(order.fills) as FillEvent[]) raw.push({ fill, side: order.side, seq: order.seq });
  }
  raw.sort((a, b) => a.seq - b.seq || a.fill.time - b.fill.time);
  const applied: VenueFill[] = [];
  let held = 0;
  const portfolio = new Portfolio(cash, false);
  for (const { fill, side, seq } of raw) {
    let converted = convertFill(fill, side === 'buy', market, 0);
    if (side === 'sell') converted = writeOffDust(converted, held, market.lotStep);
    held += side === 'buy' ? converted.qty : -converted.qty;
    const venueFill: VenueFill = { order: recoveredOrder(-seq, side), side, qty: converted.qty, price: converted.price, fee: converted.fee, time: fill.time, reason: 'signal' };
    applied.push(venueFill);
    portfolio.apply(venueFill);
  }
  return { applied, portfolio };
}

/** A recovered exchange instance, as its runner takes it. */
export interface RecoveredVenue {
  /** Rebuilds the kernel's portfolio from the fills on record, then makes the exchange venue over it. */
  readonly venue: (portfolio: Portfolio) => ExchangeVenue;
  /** The position's protective pair, for the runner to re-arm; undefined when there is none. */
  readonly protection: RestoredProtection | undefined;
}

/**
 * Recovers an exchange instance now (recoverInstance) and returns its venue factory and protection.
 * `afterRecovery` sees the report first (a real-money instance checks its balance there); what it
 * throws passes through.
 */
export async function recoveredVenue(parts: Omit<ExchangeVenueParts, 'userStream'>, options: Omit<RecoveryOptions, 'manager' | 'exchange' | 'market'>, afterRecovery?: (report: RecoveryReport) => Promise<void>): Promise<RecoveredVenue> {
  const recovery = await recoverInstance({ ...options, manager: parts.manager, exchange: parts.exchange, market: parts.market });
  await afterRecovery?.(recovery.report);
  return {
    venue: (portfolio) => {
      recovery.restore(portfolio);
      return parts.venue(portfolio);
    },
    protection: recovery.report.protection ?? undefined,
  };
}
