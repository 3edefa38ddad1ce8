// The SQL session over the SQLite file (better-sqlite3: synchronous, in-process); statements are
// prepared once per SQL text.
import type { Database, Statement } from 'better-sqlite3';
import type { SqlSession, SqlValue } from './sql-session.ts';

export class SqliteSession implements SqlSession {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  run(sql: string, params: readonly SqlValue[] = []): number {
    return this.statement(sql).run(...params).changes;
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
