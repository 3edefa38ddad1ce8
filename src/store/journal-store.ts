// The live journal: what each instance of a fleet saw, decided and did, one row per event, in the
// order written. The fleet writes an entry before it acts on it (a decision before its order, an
// order before it goes to the venue, a fill before the portfolio takes it), so after a crash the
// journal holds at least everything that happened. `rampart status|orders|trades|journal` read it
// from another process (SQLite WAL lets readers in while the fleet writes).
import type { Database, Statement } from 'better-sqlite3';

/**
 * Kinds of entries: `start`/`stop` of an instance, a closed `candle`, the strategy's `decision`
 * (an intent or none), a `refusal` (risk engine or venue), an `order` event (submitted, canceled,
 * rejected), a `fill`, a closed `trade`, the `balance` snapshot after each candle, what
 * start-up `recovery` found and did at the exchange (live/recovery.ts), and what the candle `feed`
 * went through (a stale or dropped stream, a pause on a gap: live/closed-candle-feed.ts).
 */
export const JOURNAL_KINDS = ['start', 'stop', 'candle', 'decision', 'refusal', 'order', 'fill', 'trade', 'balance', 'recovery', 'feed'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export interface NewJournalEntry {
  readonly instance: string;
  readonly mode: string;
  readonly kind: JournalKind;
  /** Wall-clock time of writing, UTC ms. */
  readonly time: number;
  /** Open time (UTC ms) of the candle the entry belongs to, when there is one. */
  readonly candleTime?: number | undefined;
  /** The entry's content; stored as JSON. */
  readonly data: unknown;
}

export interface JournalEntry extends Omit<NewJournalEntry, 'data' | 'candleTime'> {
  /** Order of writing, from 1. */
  readonly id: number;
  readonly candleTime: number | null;
  readonly data: unknown;
}

export interface JournalQuery {
  readonly instances?: readonly string[];
  readonly kinds?: readonly JournalKind[];
  /** Entries written at or after this wall-clock time, UTC ms. */
  readonly since?: number;
  /** The newest `limit` entries (still returned oldest first). */
  readonly limit?: number;
}

interface Row {
  id: number;
  instance: string;
  mode: string;
  kind: JournalKind;
  time: number;
  candle_time: number | null;
  data: string;
}

export class JournalStore {
  private readonly insertRow: Statement;
  private readonly latestRows: Statement;

  constructor(private readonly db: Database) {
    this.insertRow = db.prepare('INSERT INTO journal (instance, mode, kind, time, candle_time, data) VALUES (?, ?, ?, ?, ?, ?)');
    this.latestRows = db.prepare('SELECT * FROM journal WHERE id IN (SELECT max(id) FROM journal WHERE kind = ? GROUP BY instance) ORDER BY instance');
  }

  /** Writes one entry (durable once this returns, as SQLite WAL commits); returns its id. */
  append(entry: NewJournalEntry): number {
    const result = this.insertRow.run(entry.instance, entry.mode, entry.kind, entry.time, entry.candleTime ?? null, JSON.stringify(entry.data));
    return Number(result.lastInsertRowid);
  }

  /** Entries matching the query, oldest first. */
  list(query: JournalQuery = {}): JournalEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.instances !== undefined && query.instances.length > 0) {
      where.push(`instance IN (${query.instances.map(() => '?').join(', ')})`);
      args.push(...query.instances);
    }
    if (query.kinds !== undefined && query.kinds.length > 0) {
      where.push(`kind IN (${query.kinds.map(() => '?').join(', ')})`);
      args.push(...query.kinds);
    }
    if (query.since !== undefined) {
      where.push('time >= ?');
      args.push(query.since);
    }
    const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const limit = query.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(query.limit))}`;
    const rows = this.db.prepare(`SELECT * FROM (SELECT * FROM journal ${filter} ORDER BY id DESC ${limit}) ORDER BY id`).all(...args) as Row[];
    return rows.map(toEntry);
  }

  /** The newest entry of `kind` of every instance, by instance name. */
  latest(kind: JournalKind): JournalEntry[] {
    return (this.latestRows.all(kind) as Row[]).map(toEntry);
  }
}

function toEntry(row: Row): JournalEntry {
  return { id: row.id, instance: row.instance, mode: row.mode, kind: row.kind, time: row.time, candleTime: row.candle_time, data: JSON.parse(row.data) as unknown };
}
