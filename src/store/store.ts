// The embedded store: one SQLite file (WAL) holding candles, runs, sweeps, orders, the live journal
// and the kill switch's records.
import Database from 'better-sqlite3';
import { InputError } from '../core/index.ts';
import { CandleStore } from './candle-store.ts';
import { KillStore } from './kill-store.ts';
import type { LiveStore } from './live-store.ts';
import { migrate } from './migrations.ts';
import { AuditStore } from './audit-store.ts';
import { JournalStore } from './journal-store.ts';
import { OrderStore } from './order-store.ts';
import { UserStore } from './user-store.ts';
import { RunStore } from './run-store.ts';
import { SqliteSession } from './sqlite-session.ts';
import { SweepStore } from './sweep-store.ts';

/** The SQLite store: the live records (its instances lock with files beside it) and the research data. */
export interface Store extends LiveStore {
  readonly candles: CandleStore;
  readonly runs: RunStore;
  readonly sweeps: SweepStore;
}

export function openStore(path: string): Store {
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } catch (error) {
    throw new InputError(`cannot open store: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
  const sql = new SqliteSession(db);
  return {
    path,
    candles: new CandleStore(db),
    runs: new RunStore(db),
    sweeps: new SweepStore(db, path),
    orders: new OrderStore(sql),
    journal: new JournalStore(sql),
    kills: new KillStore(sql),
    users: new UserStore(sql),
    audit: new AuditStore(sql),
    close: () => db.close(),
  };
}
