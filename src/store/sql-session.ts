// The synchronous SQL session the live records (journal, orders, kill switch) are written through,
// so one implementation of each serves both stores: SQLite in-process (sqlite-session.ts) and
// PostgreSQL through a worker thread that owns the connection (pg-session.ts). Synchronous on
// purpose: the kernel is, and an entry is committed before the caller acts on it. Statements use
// `?` placeholders and SQL both dialects read alike (RETURNING, ON CONFLICT DO NOTHING, a derived
// table with an alias); orderings that depend on collation are done by the caller, in code.

/** A value bound to a `?`. */
export type SqlValue = string | number | null;

export interface SqlSession {
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): number;
  /** The first row of a query (or of a statement with RETURNING), undefined when there is none. */
  get<T>(sql: string, params?: readonly SqlValue[]): T | undefined;
  /** Every row of a query, in the order the query gives. */
  all<T>(sql: string, params?: readonly SqlValue[]): T[];
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws (the error is rethrown). */
  transaction<T>(work: () => T): T;
}

/** Text in code-point order: the same order in both stores, whatever collation a database was created with. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
