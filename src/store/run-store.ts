// Stored runs (backtests now, sweeps later): the full config and a summary, as JSON.
import type { Database } from 'better-sqlite3';

export interface StoredRun {
  readonly id: number;
  readonly kind: string;
  readonly createdAt: number;
  readonly config: unknown;
  readonly summary: unknown;
}

export interface NewRun {
  readonly kind: string;
  readonly createdAt: number;
  readonly config: unknown;
  readonly summary: unknown;
}

interface RunRow {
  id: number;
  kind: string;
  created_at: number;
  config: string;
  summary: string;
}

export class RunStore {
  constructor(private readonly db: Database) {}

  save(run: NewRun): number {
    const result = this.db
      .prepare('INSERT INTO runs (kind, created_at, config, summary) VALUES (?, ?, ?, ?)')
      .run(run.kind, run.createdAt, JSON.stringify(run.config), JSON.stringify(run.summary));
    return Number(result.lastInsertRowid);
  }

  get(id: number): StoredRun | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  list(limit = 50): StoredRun[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(fromRow);
  }
}

function fromRow(row: RunRow): StoredRun {
  return { id: row.id, kind: row.kind, createdAt: row.created_at, config: JSON.parse(row.config) as unknown, summary: JSON.parse(row.summary) as unknown };
}
