// Sweep results in PostgreSQL, so several machines share one set: same tables and rules as the
// SQLite store (a result is keyed by sweep and scenario, so it is never counted twice).
import type pg from 'pg';
import { InputError } from '../core/index.ts';
import { redactUrl } from './pg-url.ts';
import type { StoredSweep, SweepIdentity, SweepRepository, SweepResultRow, SweepRow, SweepStatus } from './sweep-store.ts';
import { fromSweepRow } from './sweep-store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rampart_sweeps (
  id BIGSERIAL PRIMARY KEY,
  spec_hash TEXT NOT NULL,
  spec JSONB NOT NULL,
  total INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX IF NOT EXISTS rampart_sweeps_by_hash ON rampart_sweeps (spec_hash, id);
CREATE TABLE IF NOT EXISTS rampart_sweep_results (
  sweep_id BIGINT NOT NULL REFERENCES rampart_sweeps (id),
  scenario TEXT NOT NULL,
  position INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  from_time BIGINT,
  to_time BIGINT,
  params JSONB NOT NULL,
  metrics JSONB NOT NULL,
  PRIMARY KEY (sweep_id, scenario)
);
-- The data a sweep ran on is part of its identity (added later: older tables gain the columns).
ALTER TABLE rampart_sweeps ADD COLUMN IF NOT EXISTS settings_hash TEXT;
ALTER TABLE rampart_sweeps ADD COLUMN IF NOT EXISTS data JSONB;
CREATE INDEX IF NOT EXISTS rampart_sweeps_by_settings ON rampart_sweeps (settings_hash, id);`;


export class PgSweepStore implements SweepRepository {
  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  /** Connects and creates the tables; an unreachable server is an InputError naming it. */
  static async open(url: string): Promise<PgSweepStore> {
    // Loaded on first use: every command imports the store, few use PostgreSQL.
    const { default: client } = await import('pg');
    // BIGINT columns come back as strings by default; every value here fits a double exactly.
    client.types.setTypeParser(client.types.builtins.INT8, (value) => Number(value));
    const pool = new client.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3000 });
    pool.on('error', () => undefined); // idle-client errors surface on the next query
    try {
      await pool.query(SCHEMA);
    } catch (error) {
      await pool.end();
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputError(`cannot use PostgreSQL at ${redactUrl(url)} (${reason})`);
    }
    return new PgSweepStore(pool, redactUrl(url));
  }

  async create(identity: SweepIdentity, spec: unknown, total: number, createdAt: number): Promise<number> {
    const { rows } = await this.pool.query<{ id: number }>(
      "INSERT INTO rampart_sweeps (spec_hash, settings_hash, data, spec, total, status, created_at) VALUES ($1, $2, $3, $4, $5, 'running', $6) RETURNING id",
      [identity.specHash, identity.settingsHash, JSON.stringify(identity.data), JSON.stringify(spec), total, createdAt],
    );
    return rows[0]!.id;
  }

  async get(id: number): Promise<StoredSweep | undefined> {
    const { rows } = await this.pool.query<SweepRowJson>('SELECT * FROM rampart_sweeps WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : fromJsonRow(rows[0]);
  }

  async latestWithSettings(settingsHash: string): Promise<StoredSweep | undefined> {
    const { rows } = await this.pool.query<SweepRowJson>('SELECT * FROM rampart_sweeps WHERE settings_hash = $1 ORDER BY id DESC LIMIT 1', [settingsHash]);
    return rows[0] === undefined ? undefined : fromJsonRow(rows[0]);
  }

  async withHash(specHash: string): Promise<StoredSweep[]> {
    const { rows } = await this.pool.query<SweepRowJson>('SELECT * FROM rampart_sweeps WHERE spec_hash = $1 ORDER BY id DESC', [specHash]);
    return rows.map(fromJsonRow);
  }

  async list(limit: number): Promise<StoredSweep[]> {
    const { rows } = await this.pool.query<SweepRowJson>('SELECT * FROM rampart_sweeps ORDER BY id DESC LIMIT $1', [Math.max(0, Math.floor(limit))]);
    return rows.map(fromJsonRow);
  }

  async setStatus(id: number, status: SweepStatus, finishedAt: number | null = null): Promise<void> {
    await this.pool.query('UPDATE rampart_sweeps SET status = $1, finished_at = $2 WHERE id = $3', [status, finishedAt, id]);
  }

  async addResults(sweepId: number, rows: readonly SweepResultRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values: unknown[] = [];
    const tuples = rows.map((r, i) => {
      values.push(sweepId, r.scenario, r.position, r.symbol, r.timeframe, r.from, r.to, JSON.stringify(r.params), JSON.stringify(r.metrics));
      const base = i * 9;
      return `(${Array.from({ length: 9 }, (_v, k) => `$${base + k + 1}`).join(', ')})`;
    });
    // One statement: all rows or none.
    await this.pool.query(
      `INSERT INTO rampart_sweep_results (sweep_id, scenario, position, symbol, timeframe, from_time, to_time, params, metrics)
       VALUES ${tuples.join(', ')} ON CONFLICT (sweep_id, scenario) DO NOTHING`,
      values,
    );
  }

  async doneScenarios(sweepId: number): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ scenario: string }>('SELECT scenario FROM rampart_sweep_results WHERE sweep_id = $1', [sweepId]);
    return new Set(rows.map((r) => r.scenario));
  }

  async results(sweepId: number): Promise<SweepResultRow[]> {
    const { rows } = await this.pool.query<ResultRowJson>('SELECT * FROM rampart_sweep_results WHERE sweep_id = $1 ORDER BY position', [sweepId]);
    return rows.map((r) => ({ scenario: r.scenario, position: r.position, symbol: r.symbol, timeframe: r.timeframe, from: r.from_time, to: r.to_time, params: r.params, metrics: r.metrics }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

type SweepRowJson = Omit<SweepRow, 'spec' | 'data'> & { spec: unknown; data: unknown };

interface ResultRowJson {
  scenario: string;
  position: number;
  symbol: string;
  timeframe: string;
  from_time: number | null;
  to_time: number | null;
  params: Record<string, number | boolean | string>;
  metrics: Record<string, number | null>;
}

function fromJsonRow(row: SweepRowJson): StoredSweep {
  return fromSweepRow({ ...row, spec: JSON.stringify(row.spec), data: row.data === null || row.data === undefined ? null : JSON.stringify(row.data) });
}
