// Sweeps and their scenario results. A result row is keyed by (sweep, scenario), so a resumed
// sweep can never count a scenario twice.
import type { Database, Statement } from 'better-sqlite3';

export type SweepStatus = 'running' | 'done' | 'interrupted';

/**
 * One candle set a sweep ran on, as it was then: a sweep's identity includes the hash, so the
 * same settings on changed candles are another sweep.
 */
export interface DataFingerprint {
  /** `exchange symbol timeframe`. */
  readonly set: string;
  readonly kind: string;
  readonly count: number;
  /** First and last open time, ms. */
  readonly first: number;
  readonly last: number;
  /** sha256 of the candle columns (hex). */
  readonly hash: string;
}

/** What makes two sweeps the same: the settings, and the settings with the data they ran on. */
export interface SweepIdentity {
  /** Settings and data: results are reused or resumed only under the same one. */
  readonly specHash: string;
  /** Settings alone: finds the sweep of the same settings on other data, to say what changed. */
  readonly settingsHash: string;
  readonly data: readonly DataFingerprint[];
}

export interface StoredSweep {
  readonly id: number;
  readonly specHash: string;
  /** Null for sweeps stored before the data was part of the identity. */
  readonly settingsHash: string | null;
  readonly data: readonly DataFingerprint[] | null;
  readonly spec: unknown;
  readonly total: number;
  readonly status: SweepStatus;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export interface SweepResultRow {
  readonly scenario: string;
  readonly position: number;
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: number | null;
  readonly to: number | null;
  readonly params: Record<string, number | boolean | string>;
  readonly metrics: Record<string, number | null>;
}

export interface SweepRow {
  id: number;
  spec_hash: string;
  settings_hash: string | null;
  data: string | null;
  spec: string;
  total: number;
  status: SweepStatus;
  created_at: number;
  finished_at: number | null;
}

interface ResultRow {
  scenario: string;
  position: number;
  symbol: string;
  timeframe: string;
  from_time: number | null;
  to_time: number | null;
  params: string;
  metrics: string;
}

/**
 * Where sweeps and their results live: the embedded SQLite file, or PostgreSQL when several
 * machines share one set of results. Asynchronous because the network one is.
 */
export interface SweepRepository {
  /** Where the results are, for messages. */
  readonly location: string;
  create(identity: SweepIdentity, spec: unknown, total: number, createdAt: number): Promise<number>;
  get(id: number): Promise<StoredSweep | undefined>;
  /** The newest sweep of these settings, whatever data it ran on. */
  latestWithSettings(settingsHash: string): Promise<StoredSweep | undefined>;
  /** Every sweep of these settings and data, newest first. */
  withHash(specHash: string): Promise<StoredSweep[]>;
  /** The newest `limit` sweeps stored, whoever ran them, newest first. */
  list(limit: number): Promise<StoredSweep[]>;
  setStatus(id: number, status: SweepStatus, finishedAt?: number | null): Promise<void>;
  /** Writes a batch of results in one transaction; a scenario already stored is kept as it is. */
  addResults(sweepId: number, rows: readonly SweepResultRow[]): Promise<void>;
  doneScenarios(sweepId: number): Promise<Set<string>>;
  /** In scenario order. */
  results(sweepId: number): Promise<SweepResultRow[]>;
}

export class SweepStore implements SweepRepository {
  private readonly insertResult: Statement;

  constructor(
    private readonly db: Database,
    readonly location: string,
  ) {
    this.insertResult = db.prepare(
      `INSERT OR IGNORE INTO sweep_results (sweep_id, scenario, position, symbol, timeframe, from_time, to_time, params, metrics)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  async create(identity: SweepIdentity, spec: unknown, total: number, createdAt: number): Promise<number> {
    const result = this.db
      .prepare("INSERT INTO sweeps (spec_hash, settings_hash, data, spec, total, status, created_at) VALUES (?, ?, ?, ?, ?, 'running', ?)")
      .run(identity.specHash, identity.settingsHash, JSON.stringify(identity.data), JSON.stringify(spec), total, createdAt);
    return Number(result.lastInsertRowid);
  }

  async get(id: number): Promise<StoredSweep | undefined> {
    const row = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
    return row === undefined ? undefined : fromSweepRow(row);
  }

  async latestWithSettings(settingsHash: string): Promise<StoredSweep | undefined> {
    const row = this.db.prepare('SELECT * FROM sweeps WHERE settings_hash = ? ORDER BY id DESC LIMIT 1').get(settingsHash) as SweepRow | undefined;
    return row === undefined ? undefined : fromSweepRow(row);
  }

  async withHash(specHash: string): Promise<StoredSweep[]> {
    return (this.db.prepare('SELECT * FROM sweeps WHERE spec_hash = ? ORDER BY id DESC').all(specHash) as SweepRow[]).map(fromSweepRow);
  }

  async list(limit: number): Promise<StoredSweep[]> {
    return (this.db.prepare('SELECT * FROM sweeps ORDER BY id DESC LIMIT ?').all(Math.max(0, Math.floor(limit))) as SweepRow[]).map(fromSweepRow);
  }

  async setStatus(id: number, status: SweepStatus, finishedAt: number | null = null): Promise<void> {
    this.db.prepare('UPDATE sweeps SET status = ?, finished_at = ? WHERE id = ?').run(status, finishedAt, id);
  }

  async addResults(sweepId: number, rows: readonly SweepResultRow[]): Promise<void> {
    this.db.transaction(() => {
      for (const r of rows) {
        this.insertResult.run(sweepId, r.scenario, r.position, r.symbol, r.timeframe, r.from, r.to, JSON.stringify(r.params), JSON.stringify(r.metrics));
      }
    })();
  }

  async doneScenarios(sweepId: number): Promise<Set<string>> {
    const keys = this.db.prepare('SELECT scenario FROM sweep_results WHERE sweep_id = ?').pluck().all(sweepId) as string[];
    return new Set(keys);
  }

  async results(sweepId: number): Promise<SweepResultRow[]> {
    const rows = this.db.prepare('SELECT * FROM sweep_results WHERE sweep_id = ? ORDER BY position').all(sweepId) as ResultRow[];
    return rows.map((r) => ({
      scenario: r.scenario,
      position: r.position,
      symbol: r.symbol,
      timeframe: r.timeframe,
      from: r.from_time,
      to: r.to_time,
      params: JSON.parse(r.params) as Record<string, number | boolean | string>,
      metrics: JSON.parse(r.metrics) as Record<string, number | null>,
    }));
  }
}

export function fromSweepRow(row: SweepRow): StoredSweep {
  return {
    id: row.id,
    specHash: row.spec_hash,
    settingsHash: row.settings_hash ?? null,
    data: row.data === null || row.data === undefined ? null : (JSON.parse(row.data) as DataFingerprint[]),
    spec: JSON.parse(row.spec) as unknown,
    total: row.total,
    status: row.status,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}


