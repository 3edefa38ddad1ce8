// The embedded store: one SQLite file (WAL) holding candles, runs, sweeps, orders and the live journal.
import Database from 'better-sqlite3';
import { InputError } from '../core/index.ts';
import { CandleStore } from './candle-store.ts';
import { KillStore } from './kill-store.ts';
import { migrate } from './migrations.ts';
import { JournalStore } from './journal-store.ts';
import { OrderStore } from './order-store.ts';
import { RunStore } from './run-store.ts';
import { SqliteSession } from './sqlite-session.ts';
import { SweepStore } from './sweep-store.ts';

export interface Store {
  readonly path: string;
  readonly candles: CandleStore;
  readonly runs: RunStore;
  readonly sweeps: SweepStore;
  readonly orders: OrderStore;
  readonly journal: JournalStore;
  /** The kill switch's flags and the journal of its triggers. */
  readonly kills: KillStore;
  close(): void;
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
    close: () => db.close(),
  };
}
