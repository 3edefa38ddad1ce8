// The synchronous SQL session both stores write through: SQLite in-process and PostgreSQL through
// its worker thread (127.0.0.1:5432, database `test`, a schema of its own, dropped after).
// Transactions commit or roll back whole, nested ones as savepoints; `?` becomes `$n` outside
// quotes; a connection the server ends is a NetworkError naming the store, not a hang.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { NetworkError } from '../../src/core/index.ts';
import { numberedPlaceholders, PgSession } from '../../src/store/pg-session.ts';
import type { SqlSession } from '../../src/store/sql-session.ts';
import { SqliteSession } from '../../src/store/sqlite-session.ts';
import { tempDir } from '../fixtures/cli.ts';
import { adminQuery, pgSchema } from '../fixtures/pg.ts';

const SESSIONS: { name: string; with: (body: (sql: SqlSession) => void) => Promise<void> }[] = [
  {
    name: 'SQLite',
    with: async (body) => {
      const db = new Database(path.join(tempDir(), 'session.db'));
      try {
        body(new SqliteSession(db));
      } finally {
        db.close();
      }
    },
  },
  {
    name: 'PostgreSQL',
    with: async (body) => {
      const schema = await pgSchema('session');
      const session = PgSession.open(schema.url, 'the test store');
      try {
        body(session);
      } finally {
        session.close();
        await schema.drop();
      }
    },
  },
];

for (const kind of SESSIONS) {
  describe(`SQL session: ${kind.name}`, () => {
    test('a transaction commits whole or not at all; a nested one that fails rolls back only itself', () =>
      kind.with((sql) => {
        sql.run('CREATE TABLE t (v TEXT NOT NULL)');
        assert.throws(() =>
          sql.transaction(() => {
            sql.run('INSERT INTO t (v) VALUES (?)', ['lost']);
            throw new Error('midway');
          }),
        /midway/);
        sql.transaction(() => {
          sql.run('INSERT INTO t (v) VALUES (?)', ['outer']);
          assert.throws(() =>
            sql.transaction(() => {
              sql.run('INSERT INTO t (v) VALUES (?)', ['inner']);
              throw new Error('inner fails');
            }),
          );
          sql.transaction(() => sql.run('INSERT INTO t (v) VALUES (?)', ['inner kept']));
        });
        assert.deepEqual(sql.all<{ v: string }>('SELECT v FROM t ORDER BY v').map((r) => r.v), ['inner kept', 'outer']);
        assert.equal(sql.run("UPDATE t SET v = 'x' WHERE v LIKE ?", ['inner%']), 1);
        assert.equal(sql.get('SELECT v FROM t WHERE v = ?', ['none']), undefined);
        assert.deepEqual(sql.get("SELECT '?' AS q, ? AS a", ['bound']), { q: '?', a: 'bound' });
      }));
  });
}

test('`?` placeholders become $1…$n, left alone inside quoted literals and identifiers', () => {
  assert.equal(numberedPlaceholders(`SELECT '?', "we?ird", ? FROM t WHERE a = ? AND b = 'it''s ?'`), `SELECT '?', "we?ird", $1 FROM t WHERE a = $2 AND b = 'it''s ?'`);
});

test('a PostgreSQL connection the server ends is a NetworkError naming the store on the next statement', async () => {
  const schema = await pgSchema('session_lost');
  const session = PgSession.open(schema.url, 'PostgreSQL store at the test URL');
  try {
    const { pid } = session.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')!;
    await adminQuery('SELECT pg_terminate_backend($1)', [pid]);
    // Bounded: the worker learns of the closed socket within a few event-loop turns.
    let error: unknown;
    for (let i = 0; i < 50 && error === undefined; i++) {
      try {
        session.get('SELECT 1 AS one');
        await new Promise((resolve) => setTimeout(resolve, 20));
      } catch (caught) {
        error = caught;
      }
    }
    assert.ok(error instanceof NetworkError, String(error));
    assert.match((error as Error).message, /^PostgreSQL store at the test URL: /);
  } finally {
    session.close();
    await schema.drop();
  }
});
