// The API's audit log: every mutating call (who, with which role, what, on what, from where, when,
// how it ended), appended before the response goes out. Append-only: this class has no update or
// delete, and the database refuses them (a trigger on SQLite and on PostgreSQL).
import type { SqlSession, SqlValue } from './sql-session.ts';

export interface NewAuditEntry {
  /** UTC ms. */
  readonly time: number;
  /** The user's name, or `anonymous` for a call refused before it was known. */
  readonly actor: string;
  /** The user's role, or null when not signed in. */
  readonly role: string | null;
  /** The route's action (`kill`, `promote`, `config.write`, …). */
  readonly action: string;
  /** `METHOD /path` as called. */
  readonly route: string;
  /** What it acted on: `*` (the fleet), an instance name, a job id; null when none. */
  readonly target: string | null;
  /** The caller's address. */
  readonly ip: string;
  /** `ok`, `refused` or `failed`. */
  readonly outcome: 'ok' | 'refused' | 'failed';
  /** The HTTP status answered. */
  readonly status: number;
  /** One line: the error code, a forced promotion's reason, … ; null when there is nothing to add. */
  readonly detail: string | null;
}

export interface AuditEntry extends NewAuditEntry {
  /** Order of writing, from 1. */
  readonly id: number;
}

export interface AuditQuery {
  /** Entries with a larger id only. */
  readonly afterId?: number;
  /** The newest `limit` entries (returned newest first). */
  readonly limit?: number;
}

interface Row {
  id: number;
  time: number;
  actor: string;
  role: string | null;
  action: string;
  route: string;
  target: string | null;
  ip: string;
  outcome: 'ok' | 'refused' | 'failed';
  status: number;
  detail: string | null;
}

export class AuditStore {
  constructor(private readonly sql: SqlSession) {}

  /** Appends one entry (committed once this returns); its id. */
  append(entry: NewAuditEntry): number {
    const row = this.sql.get<{ id: number }>(
      'INSERT INTO audit_log (time, actor, role, action, route, target, ip, outcome, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [entry.time, entry.actor, entry.role, entry.action, entry.route, entry.target, entry.ip, entry.outcome, entry.status, entry.detail],
    );
    return Number(row!.id);
  }

  /** Entries, newest first. */
  list(query: AuditQuery = {}): AuditEntry[] {
    const args: SqlValue[] = [query.afterId ?? 0, Math.max(0, Math.floor(query.limit ?? 100))];
    return this.sql.all<Row>('SELECT * FROM audit_log WHERE id > ? ORDER BY id DESC LIMIT ?', args).map((r) => ({ ...r, id: Number(r.id), time: Number(r.time), status: Number(r.status) }));
  }
}
