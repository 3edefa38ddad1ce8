// The live journal: what each instance of a fleet saw, decided and did, one row per event, in the
// order written. The fleet writes an entry before it acts on it (a decision before its order, an
// order before it goes to the venue, a fill before the portfolio takes it), so after a crash the
// journal holds at least everything that happened. `rampart status|orders|trades|journal` read it
// from another process (SQLite WAL, or PostgreSQL, lets readers in while the fleet writes).
import { byCodePoint } from './sql-session.ts';
import type { SqlSession, SqlValue } from './sql-session.ts';

/**
 * Kinds of entries: `start`/`stop` of an instance, a closed `candle`, the strategy's `decision`
 * (an intent or none), a `refusal` (risk engine or venue), an `order` event (submitted, canceled,
 * rejected), a `fill`, a closed `trade`, the `balance` snapshot after each candle, what
 * start-up `recovery` found and did at the exchange (live/recovery.ts), what the candle `feed`
 * went through (a stale or dropped stream, a pause on a gap: live/closed-candle-feed.ts), what the
 * account's `user-stream` went through (subscribed, lost, back: live/user-streams.ts), and what a
 * clean stop did with the resting orders (`shutdown`: live/shutdown.ts).
 */
export const JOURNAL_KINDS = ['start', 'stop', 'candle', 'decision', 'refusal', 'order', 'fill', 'trade', 'balance', 'recovery', 'feed', 'user-stream', 'shutdown'] as const;
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
  /** Entries written after the entry of this id. */
  readonly afterId?: number;
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
  constructor(private readonly sql: SqlSession) {}

  /** Writes one entry (committed once this returns); returns its id. */
  append(entry: NewJournalEntry): number {
    const row = this.sql.get<{ id: number }>(
      'INSERT INTO journal (instance, mode, kind, time, candle_time, data) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      [entry.instance, entry.mode, entry.kind, entry.time, entry.candleTime ?? null, JSON.stringify(entry.data)],
    );
    return row!.id;
  }

  /** Entries matching the query, oldest first. */
  list(query: JournalQuery = {}): JournalEntry[] {
    const where: string[] = [];
    const args: SqlValue[] = [];
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
    if (query.afterId !== undefined) {
      where.push('id > ?');
      args.push(query.afterId);
    }
    const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    let limit = '';
    if (query.limit !== undefined) {
      limit = 'LIMIT ?';
      args.push(Math.max(0, Math.floor(query.limit)));
    }
    return this.sql.all<Row>(`SELECT * FROM (SELECT * FROM journal ${filter} ORDER BY id DESC ${limit}) AS recent ORDER BY id`, args).map(toEntry);
  }

  /** Up to `limit` entries written after entry `id`, oldest first: a reader's tail, whichever process writes. */
  after(id: number, limit: number, instance?: string): JournalEntry[] {
    if (instance === undefined) return this.sql.all<Row>('SELECT * FROM journal WHERE id > ? ORDER BY id LIMIT ?', [id, limit]).map(toEntry);
    return this.sql.all<Row>('SELECT * FROM journal WHERE id > ? AND instance = ? ORDER BY id LIMIT ?', [id, instance, limit]).map(toEntry);
  }

  /** The id of the newest entry; 0 when the journal is empty. */
  lastId(): number {
    return Number(this.sql.get<{ id: number | null }>('SELECT max(id) AS id FROM journal')?.id ?? 0);
  }

  /**
   * The open times (UTC ms) of the first and last candle entry of `instance` written after entry
   * `afterId` (0: all); null when there is none. One query, so a long run is not read whole.
   */
  candleSpan(instance: string, afterId = 0): { first: number; last: number } | null {
    const row = this.sql.get<{ first: number | null; last: number | null }>("SELECT min(candle_time) AS first, max(candle_time) AS last FROM journal WHERE instance = ? AND kind = 'candle' AND id > ?", [instance, afterId]);
    return row === undefined || row.first === null || row.last === null ? null : { first: Number(row.first), last: Number(row.last) };
  }

  /** The newest entry of `kind` of every instance, by instance name (code-point order). */
  latest(kind: JournalKind): JournalEntry[] {
    const rows = this.sql.all<Row>('SELECT * FROM journal WHERE id IN (SELECT max(id) FROM journal WHERE kind = ? GROUP BY instance)', [kind]);
    return rows.sort((a, b) => byCodePoint(a.instance, b.instance)).map(toEntry);
  }
}

function toEntry(row: Row): JournalEntry {
  return { id: row.id, instance: row.instance, mode: row.mode, kind: row.kind, time: row.time, candleTime: row.candle_time, data: JSON.parse(row.data) as unknown };
}
