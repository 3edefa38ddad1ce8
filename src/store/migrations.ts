// Schema migrations, applied in order at open; PRAGMA user_version records how far a file is.
import type { Database } from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE candles (
     exchange TEXT NOT NULL,
     symbol TEXT NOT NULL,
     timeframe TEXT NOT NULL,
     time INTEGER NOT NULL,
     open REAL NOT NULL,
     high REAL NOT NULL,
     low REAL NOT NULL,
     close REAL NOT NULL,
     volume REAL NOT NULL,
     PRIMARY KEY (exchange, symbol, timeframe, time)
   ) WITHOUT ROWID;
   CREATE TABLE runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     config TEXT NOT NULL,
     summary TEXT NOT NULL
   );`,
  `CREATE TABLE sweeps (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     spec_hash TEXT NOT NULL,
     spec TEXT NOT NULL,
     total INTEGER NOT NULL,
     status TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     finished_at INTEGER
   );
   CREATE INDEX sweeps_by_hash ON sweeps (spec_hash, id);
   CREATE TABLE sweep_results (
     sweep_id INTEGER NOT NULL REFERENCES sweeps (id),
     scenario TEXT NOT NULL,
     position INTEGER NOT NULL,
     symbol TEXT NOT NULL,
     timeframe TEXT NOT NULL,
     from_time INTEGER,
     to_time INTEGER,
     params TEXT NOT NULL,
     metrics TEXT NOT NULL,
     PRIMARY KEY (sweep_id, scenario)
   ) WITHOUT ROWID;`,
  // Orders are written before they are sent: the row is the intent, the clientOrderId its key.
  `CREATE TABLE orders (
     client_order_id TEXT PRIMARY KEY,
     instance TEXT NOT NULL,
     seq INTEGER NOT NULL,
     symbol TEXT NOT NULL,
     side TEXT NOT NULL,
     kind TEXT NOT NULL,
     amount TEXT NOT NULL,
     price TEXT,
     time_in_force TEXT,
     decision_price REAL NOT NULL,
     status TEXT NOT NULL,
     venue_id TEXT,
     fills TEXT NOT NULL,
     reject_reason TEXT,
     sends INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     UNIQUE (instance, seq)
   );
   CREATE INDEX orders_open ON orders (instance, status);`,
  // A sweep's identity includes the data it ran on (spec_hash = settings and data); settings_hash
  // finds the same settings on other data. Sweeps stored before keep NULLs and are never resumed.
  `ALTER TABLE sweeps ADD COLUMN settings_hash TEXT;
   ALTER TABLE sweeps ADD COLUMN data TEXT;
   CREATE INDEX sweeps_by_settings ON sweeps (settings_hash, id);`,
  // The live journal: every decision, refusal, order event, fill and balance snapshot of a
  // fleet's instances, written before it is acted on; `data` is the entry's JSON.
  `CREATE TABLE journal (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     instance TEXT NOT NULL,
     mode TEXT NOT NULL,
     kind TEXT NOT NULL,
     time INTEGER NOT NULL,
     candle_time INTEGER,
     data TEXT NOT NULL
   );
   CREATE INDEX journal_by_instance ON journal (instance, id);
   CREATE INDEX journal_by_kind ON journal (kind, instance, id);`,
  // The kill switch (store/kill-store.ts): the persisted flags a fleet reads on every order, every
  // trigger with its outcome (a pending row is a request a running fleet carries out), and the
  // instance names a fleet has run, so `rampart kill --instance` can refuse a name it never had.
  `CREATE TABLE kill_flags (
     scope TEXT PRIMARY KEY,
     source TEXT NOT NULL,
     reason TEXT NOT NULL,
     set_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE kill_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     time INTEGER NOT NULL,
     scope TEXT NOT NULL,
     action TEXT NOT NULL,
     source TEXT NOT NULL,
     reason TEXT NOT NULL,
     status TEXT NOT NULL,
     outcome TEXT,
     report TEXT,
     done_at INTEGER
   );
   CREATE INDEX kill_events_by_status ON kill_events (status, id);
   CREATE TABLE kill_instances (
     name TEXT PRIMARY KEY,
     registered_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // The REST API (src/api): its users (a token's SHA-256 only, store/user-store.ts), the audit log
  // of mutating calls, append-only (the triggers refuse UPDATE and DELETE), and the pause flags
  // (store/kill-store.ts: a paused scope makes no new entries).
  `CREATE TABLE api_users (
     name TEXT PRIMARY KEY,
     role TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     time INTEGER NOT NULL,
     actor TEXT NOT NULL,
     role TEXT,
     action TEXT NOT NULL,
     route TEXT NOT NULL,
     target TEXT,
     ip TEXT NOT NULL,
     outcome TEXT NOT NULL,
     status INTEGER NOT NULL,
     detail TEXT
   );
   CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TABLE pause_flags (
     scope TEXT PRIMARY KEY,
     source TEXT NOT NULL,
     reason TEXT NOT NULL,
     set_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
];

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  // Up to date: no write at all. A reader (`rampart status` beside a running fleet) that wrote the
  // version anyway would commit between a fleet's read and its write in one transaction, which
  // SQLite then refuses at once (SQLITE_BUSY, no busy wait): the fleet died "database is locked".
  if (current >= MIGRATIONS.length) return;
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
