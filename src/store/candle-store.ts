// Candles in SQLite, keyed by (exchange, symbol, timeframe, open time); inserts are one transaction.
import type { Database, Statement } from 'better-sqlite3';
import { emptySeries } from '../core/index.ts';
import type { Candle, CandleSeries } from '../core/index.ts';

export interface StoredSet {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly count: number;
  readonly first: number;
  readonly last: number;
}

export interface Range {
  readonly from?: number;
  readonly to?: number;
}

export class CandleStore {
  private readonly upsert: Statement;
  private readonly select: Statement;
  private readonly exists: Statement;
  private readonly summaryOf: Statement;

  constructor(private readonly db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO candles (exchange, symbol, timeframe, time, open, high, low, close, volume)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (exchange, symbol, timeframe, time) DO UPDATE SET
         open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`,
    );
    this.select = db.prepare(
      `SELECT time, open, high, low, close, volume FROM candles
       WHERE exchange = ? AND symbol = ? AND timeframe = ? AND time >= ? AND time < ? ORDER BY time`,
    );
    this.exists = db.prepare('SELECT 1 FROM candles WHERE exchange = ? AND symbol = ? AND timeframe = ? LIMIT 1');
    this.summaryOf = db.prepare(
      `SELECT exchange, symbol, timeframe, COUNT(*) AS count, MIN(time) AS first, MAX(time) AS last
       FROM candles WHERE exchange = ? AND symbol = ? AND timeframe = ?`,
    );
  }

  /** All rows or none: a failure part-way leaves the store as it was. */
  insert(exchange: string, symbol: string, timeframe: string, candles: Iterable<Candle>): number {
    let count = 0;
    this.db.transaction(() => {
      for (const c of candles) {
        this.upsert.run(exchange, symbol, timeframe, c.time, c.open, c.high, c.low, c.close, c.volume);
        count++;
      }
    })();
    return count;
  }

  load(exchange: string, symbol: string, timeframe: string, range: Range = {}): CandleSeries {
    const rows = this.select.raw().all(exchange, symbol, timeframe, range.from ?? Number.MIN_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER) as number[][];
    const s = emptySeries(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      s.time[i] = row[0]!;
      s.open[i] = row[1]!;
      s.high[i] = row[2]!;
      s.low[i] = row[3]!;
      s.close[i] = row[4]!;
      s.volume[i] = row[5]!;
    }
    return s;
  }

  has(exchange: string, symbol: string, timeframe: string): boolean {
    return this.exists.get(exchange, symbol, timeframe) !== undefined;
  }

  /** Count and range of one set (from the primary key's index, without reading the candles), or undefined when empty. */
  summary(exchange: string, symbol: string, timeframe: string): StoredSet | undefined {
    const row = this.summaryOf.get(exchange, symbol, timeframe) as StoredSet;
    return row.count === 0 ? undefined : { exchange, symbol, timeframe, count: row.count, first: row.first, last: row.last };
  }

  list(): StoredSet[] {
    return this.db
      .prepare(
        `SELECT exchange, symbol, timeframe, COUNT(*) AS count, MIN(time) AS first, MAX(time) AS last
         FROM candles GROUP BY exchange, symbol, timeframe ORDER BY exchange, symbol, timeframe`,
      )
      .all() as StoredSet[];
  }
}
