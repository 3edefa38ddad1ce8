// `rampart status|orders|trades|slippage|journal`: a fleet's journal read from the store (--db, or
// PostgreSQL with --store), from another terminal while the fleet runs (SQLite WAL lets a reader
// in beside the writer) or after. Trades of exchange instances carry their slippage against the
// backtest's fill model (live/slippage.ts); paper trades are the fill model's own, so theirs is null.
import type { Command } from 'commander';
import { InputError, parseUtcDate } from '../../core/index.ts';
import { sessionEntries, statusFromJournal, summarizeSlippage, tradesFromJournal } from '../../live/index.ts';
import type { SlippageSummary, TradeRow } from '../../live/index.ts';
import { JOURNAL_KINDS } from '../../store/index.ts';
import type { JournalEntry, JournalKind, JournalQuery, LiveStore } from '../../store/index.ts';
import { fleetTableLines } from '../fleet-table.ts';
import { toJson } from '../format.ts';
import { inWorkspace, LIVE_STORE_FLAG, LIVE_STORE_HELP } from '../workspace.ts';
import { commandDescription } from '../command-table.ts';

interface InspectFlags {
  instance?: string[];
  allSessions?: boolean;
  kind?: string;
  since?: string;
  limit?: string;
  json?: boolean;
  store?: string;
}

/** One inspection command: its name, its extra options, and what it prints from the store. */
function inspection(program: Command, name: string, show: (store: LiveStore, flags: InspectFlags) => { json: unknown; lines: string[] }, options: { instance: boolean; since: boolean; sessions?: boolean; kinds?: boolean }): void {
  const command = program.command(name).description(commandDescription(name)).option('--json', 'one JSON document instead of text').option(LIVE_STORE_FLAG, LIVE_STORE_HELP);
  if (options.instance) command.option('--instance <name...>', 'only these instances');
  if (options.sessions === true) command.option('--all-sessions', "every run's entries, not only each instance's latest run");
  if (options.kinds === true) command.option('--kind <kinds>', `only entries of these kinds, comma-separated (${JOURNAL_KINDS.join(', ')})`);
  if (options.since) command.option('--since <time>', 'entries written at or after this time (ISO-8601, UTC unless an offset is given, or epoch ms)').option('--limit <n>', 'the newest N entries', '1000');
  command.action(async (flags: InspectFlags, cmd: Command) =>
    inWorkspace(cmd, (workspace) => {
      const shown = show(workspace.live, flags);
      console.log(flags.json === true ? toJson(shown.json) : shown.lines.join('\n'));
    }, undefined, flags.store),
  );
}

export function registerStatus(program: Command): void {
  inspection(program, 'status', (store) => {
    const rows = statusFromJournal(store);
    return { json: rows, lines: rows.length === 0 ? ['no fleet has written to this journal yet (start one with: npx rampart run --config config/fleet.yml)'] : fleetTableLines(rows) };
  }, { instance: false, since: false });
}

export function registerOrders(program: Command): void {
  inspection(program, 'orders', (store, flags) => {
    const entries = sessionEntries(store, queryOf(flags, ['order', 'fill']), flags.allSessions === true);
    return { json: entries, lines: entries.map((entry) => `${stamp(entry)}  ${describeOrderEntry(entry)}`) };
  }, { instance: true, since: false, sessions: true });
}

export function registerTrades(program: Command): void {
  inspection(program, 'trades', (store, flags) => {
    const trades = tradesWithSlippage(store, flags);
    const lines = trades.map(describeTrade);
    for (const [instance, summary] of slippageSummaries(trades)) lines.push(describeSummary(instance, summary));
    return { json: trades, lines };
  }, { instance: true, since: false, sessions: true });
}

export function registerSlippage(program: Command): void {
  inspection(program, 'slippage', (store, flags) => {
    const summaries = [...slippageSummaries(tradesWithSlippage(store, flags))].map(([instance, summary]) => ({ instance, ...summary }));
    return { json: summaries, lines: summaries.length === 0 ? ['no closed trade of an exchange instance (testnet, canary, live) in this journal'] : summaries.map((s) => describeSummary(s.instance, s)) };
  }, { instance: true, since: false, sessions: true });
}

/** The closed trades (latest run unless --all-sessions), each with its slippage (null for paper, or when unknown). */
function tradesWithSlippage(store: LiveStore, flags: InspectFlags): TradeRow[] {
  return tradesFromJournal(store, flags.instance, flags.allSessions === true);
}

/** Each exchange instance's slippage summary over its trades, in the order they first appear. */
function slippageSummaries(trades: readonly TradeRow[]): Map<string, SlippageSummary> {
  const byInstance = new Map<string, TradeRow[]>();
  for (const trade of trades) if (trade.mode !== 'paper') byInstance.set(trade.instance, [...(byInstance.get(trade.instance) ?? []), trade]);
  return new Map([...byInstance].map(([instance, rows]) => [instance, summarizeSlippage(rows.map((row) => row.slippage))]));
}

function describeSummary(instance: string, s: SlippageSummary): string {
  return `slippage ${instance}: ${s.trades} trade${s.trades === 1 ? '' : 's'} against the fill model, mean ${s.meanBps.toFixed(1)} bps, p95 ${s.p95Bps.toFixed(1)} bps, total cost ${s.totalQuote.toFixed(2)} quote`;
}

export function registerJournal(program: Command): void {
  inspection(program, 'journal', (store, flags) => {
    const entries = store.journal.list(queryOf(flags, flags.kind === undefined ? undefined : journalKinds(flags.kind)));
    return { json: entries, lines: entries.map((entry) => `${String(entry.id).padStart(6)} ${stamp(entry)}  ${entry.kind.padEnd(8)} ${JSON.stringify(entry.data)}`) };
  }, { instance: true, since: true, kinds: true });
}

/** The kinds of `--kind K[,K…]`; an InputError naming the first that is not a journal kind. */
function journalKinds(value: string): JournalKind[] {
  return value.split(',').map((word) => {
    const kind = word.trim();
    if (!(JOURNAL_KINDS as readonly string[]).includes(kind)) throw new InputError(`--kind: '${kind}' is not a journal kind (one of ${JOURNAL_KINDS.join(', ')})`);
    return kind as JournalKind;
  });
}

/** The journal query of the flags; an InputError for a bad --since or --limit. */
function queryOf(flags: InspectFlags, kinds?: JournalKind[]): JournalQuery {
  let since: number | undefined;
  if (flags.since !== undefined) {
    since = parseUtcDate(flags.since);
    if (Number.isNaN(since)) throw new InputError(`--since must be an ISO-8601 date (2025-01-31, 2025-01-31T10:00) or epoch ms, got '${flags.since}'`);
  }
  const limit = flags.limit === undefined ? undefined : Number(flags.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new InputError(`--limit must be a whole number above 0, got '${flags.limit}'`);
  return { ...(flags.instance === undefined ? {} : { instances: flags.instance }), ...(kinds === undefined ? {} : { kinds }), ...(since === undefined ? {} : { since }), ...(limit === undefined ? {} : { limit }) };
}

function stamp(entry: JournalEntry): string {
  const candle = entry.candleTime === null ? '—'.padEnd(16) : new Date(entry.candleTime).toISOString().slice(0, 16).replace('T', ' ');
  return `${new Date(entry.time).toISOString().slice(0, 19).replace('T', ' ')}  ${entry.instance} (${entry.mode})  candle ${candle}`;
}

function describeOrderEntry(entry: JournalEntry): string {
  const d = entry.data as Record<string, unknown>;
  if (entry.kind === 'fill') return `fill      #${String(d['orderId'])} ${String(d['role'])} ${String(d['side'])} ${typeof d['qty'] === 'number' ? quantity(d['qty']) : String(d['qty'])} @ ${String(d['price'])} fee ${String(d['fee'])}`;
  const price = d['price'] === undefined ? '' : ` @ ${String(d['price'])}`;
  const reason = d['reason'] === undefined ? '' : `: ${String(d['reason'])}`;
  return `${String(d['event']).padEnd(9)} #${String(d['orderId'])}${d['role'] === undefined ? '' : ` ${String(d['role'])} ${String(d['side'])} ${String(d['type'])}`}${price}${reason}`;
}

function describeTrade(t: TradeRow): string {
  const time = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const slip = t.mode === 'paper' ? '' : `  slippage ${t.slippage === null ? '—' : `${t.slippage.bps.toFixed(1)} bps (${t.slippage.quote.toFixed(4)})`}`;
  return `${t.instance} (${t.mode})  ${t.side} ${quantity(t.qty)} ${time(t.entryTime)} @ ${t.entryPrice} → ${time(t.exitTime)} @ ${t.exitPrice}  fee ${t.fee.toFixed(4)}  pnl ${t.pnl.toFixed(2)} (${t.returnPct.toFixed(2)}%)  ${t.exitReason}${slip}`;
}

/** A base quantity without float noise (8.800000000000011 → 8.8): 12 significant digits, as prices are rounded. */
function quantity(qty: number): string {
  return String(Number(qty.toPrecision(12)));
}
