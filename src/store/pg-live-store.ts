// The live records in PostgreSQL (`--store postgres://…`): the journal, the order table and the
// kill switch, the very classes the SQLite store uses, over a PgSession; and the instances' locks
// as advisory locks held by that session, so a second process on an instance is refused and a
// crashed holder's lock goes with its connection.
import { createHash } from 'node:crypto';
import { InputError, registerSecret, systemClock } from '../core/index.ts';
import { AuditStore } from './audit-store.ts';
import { JournalStore } from './journal-store.ts';
import { KillStore } from './kill-store.ts';
import type { LiveStore, SessionLocks } from './live-store.ts';
import { OrderStore } from './order-store.ts';
import { UserStore } from './user-store.ts';
import { migratePg } from './pg-live-migrations.ts';
import { PgSession } from './pg-session.ts';
import type { PgSessionOptions } from './pg-session.ts';
import { isPostgresUrl, redactUrl } from './pg-url.ts';

/**
 * Connects, creates or updates the tables, and returns the store. Throws InputError naming the
 * store (its URL without the password) for a URL that is not postgres://, a server that is down,
 * a refused login, a missing database or schema; nothing is left open or half-made then.
 */
export function openPgLiveStore(url: string, options: PgSessionOptions = {}): LiveStore {
  const name = redactUrl(url);
  if (!isPostgresUrl(url)) throw new InputError(`--store must be a postgres:// URL, got '${url}'`);
  const password = passwordOf(url);
  if (password !== undefined) registerSecret(password);
  let session: PgSession | undefined;
  try {
    session = PgSession.open(url, `PostgreSQL store at ${name}`, options);
    migratePg(session, systemClock.now());
    const schema = session.get<{ schema: string }>('SELECT current_schema() AS schema')!.schema;
    const open = session;
    return {
      path: name,
      journal: new JournalStore(open),
      orders: new OrderStore(open),
      kills: new KillStore(open),
      users: new UserStore(open),
      audit: new AuditStore(open),
      locks: new AdvisoryLocks(open, schema),
      close: () => open.close(),
    };
  } catch (error) {
    session?.close();
    const reason = (error instanceof Error ? error.message : String(error)).replace(`PostgreSQL store at ${name}: `, '');
    throw new InputError(`cannot use the PostgreSQL store at ${name} (${reason})`);
  }
}

/** Advisory-lock keys (two int4): "rampart" for every lock of ours, then a hash of schema and name. */
const LOCK_SPACE = 0x72616d70;

class AdvisoryLocks implements SessionLocks {
  constructor(
    private readonly session: PgSession,
    private readonly schema: string,
  ) {}

  tryLock(name: string): boolean {
    return this.session.get<{ ok: boolean }>('SELECT pg_try_advisory_lock(?, ?) AS ok', [LOCK_SPACE, this.key(name)])!.ok;
  }

  held(names: readonly string[]): { name: string; pid: number | undefined }[] {
    const byKey = new Map(names.map((name) => [this.key(name), name]));
    // An advisory lock on two int4 keys shows as classid, objid and objsubid 2 in pg_locks; its
    // holder's application_name (pg-worker.ts) names the rampart process.
    const rows = this.session.all<{ key: string; application_name: string | null }>(
      `SELECT l.objid::int8 AS key, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.classid = ?::int4::oid AND l.objsubid = 2`,
      [LOCK_SPACE],
    );
    return rows.flatMap((row) => {
      const name = byKey.get(Number(row.key));
      if (name === undefined) return [];
      const match = /^rampart pid (\d+)$/.exec(row.application_name ?? '');
      return [{ name, pid: match === null ? undefined : Number(match[1]) }];
    });
  }

  unlock(name: string): void {
    this.session.get('SELECT pg_advisory_unlock(?, ?)', [LOCK_SPACE, this.key(name)]);
  }

  /** A non-negative int4 (so it reads the same as pg_locks' oid) per schema and name. */
  private key(name: string): number {
    return createHash('sha256').update(`${this.schema}\0${name}`).digest().readUInt32BE(0) & 0x7fffffff;
  }
}

function passwordOf(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}
