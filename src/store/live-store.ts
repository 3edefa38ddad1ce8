// What a fleet must not lose, and the commands that inspect or halt it read: the journal, the
// order table and the kill switch's records. The SQLite store is one (store.ts); PostgreSQL
// (`--store postgres://…`) is the other (pg-live-store.ts), with the same classes over its session.
import type { AuditStore } from './audit-store.ts';
import type { JournalStore } from './journal-store.ts';
import type { KillStore } from './kill-store.ts';
import type { OrderStore } from './order-store.ts';
import type { UserStore } from './user-store.ts';

export interface LiveStore {
  /** The SQLite file, or the database URL without its password: for messages and lock names. */
  readonly path: string;
  readonly journal: JournalStore;
  readonly orders: OrderStore;
  /** The kill switch's flags and the journal of its triggers. */
  readonly kills: KillStore;
  /** The REST API's users (token hashes only). */
  readonly users: UserStore;
  /** The REST API's append-only log of mutating calls. */
  readonly audit: AuditStore;
  /** Locks held by the store's own database session (PostgreSQL); absent for SQLite, whose instances lock with files beside it. */
  readonly locks?: SessionLocks;
  close(): void;
}

/**
 * Named locks held by a database session (PostgreSQL advisory locks): the server frees them when
 * the session ends, a crash or kill -9 included, so none is ever left behind.
 */
export interface SessionLocks {
  /** Takes the lock for this session; false when another session holds it. */
  tryLock(name: string): boolean;
  /**
   * Of `names`, those whose lock a session holds (this one included), each with the pid of the
   * rampart process behind that session when the server shows it. Locks of other names are not
   * listed: a lock is known by its name's hash.
   */
  held(names: readonly string[]): { name: string; pid: number | undefined }[];
  /** Gives the lock back (a lock this session does not hold is left alone). */
  unlock(name: string): void;
}
