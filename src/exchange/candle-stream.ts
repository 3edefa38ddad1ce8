// Closed candles from a ccxt.pro WebSocket feed, without gaps: each candle is emitted once, in
// order, when a newer one appears. A dropped connection or a feed silent for `staleMs` gets a new
// client (a fresh connection and subscription) after a backoff, and the candles missed meanwhile
// are fetched over REST before the stream goes on. A candle's values are taken from the feed only
// when every update of it arrived on one connection; otherwise from REST.
import { timeframeMs } from '../core/index.ts';
import type { Candle, Timeframe } from '../core/index.ts';

type Ohlcv = readonly (number | undefined)[];

/** The part of a ccxt.pro exchange the stream uses. */
export interface WatchingClient {
  watchOHLCV(symbol: string, timeframe: string): Promise<Ohlcv[]>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<Ohlcv[]>;
  close(): Promise<unknown>;
}

export interface CandleStreamOptions {
  /** Makes a client; called at start and after every failure, so each reconnect is a clean one. */
  readonly connect: () => Promise<WatchingClient>;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly onCandle: (candle: Candle) => void;
  /** No update for this long means the feed is dead. */
  readonly staleMs?: number;
  readonly backoffMs?: number;
  readonly onReconnect?: (backfilled: number) => void;
}

export class CandleStream {
  private lastEmitted = -Infinity;
  private emitted = 0;
  private forming: Ohlcv | undefined;
  private running = false;
  private reconnects = 0;
  private client: WatchingClient | undefined;
  /** Open time of the first candle seen on this connection: it may have started before we joined. */
  private liveFrom: number | undefined;

  constructor(private readonly options: CandleStreamOptions) {}

  get reconnectCount(): number {
    return this.reconnects;
  }

  /** Runs until stop(); emits the closed candles after `since` (its first ones from REST). */
  async run(since: number): Promise<void> {
    this.running = true;
    this.lastEmitted = since - timeframeMs(this.options.timeframe);
    let failures = 0;
    let gapped = true; // the history since `since` comes from REST first
    while (this.running) {
      try {
        this.client ??= await this.options.connect();
        if (gapped) {
          const backfilled = await this.backfill(this.client);
          if (this.reconnects > 0) this.options.onReconnect?.(backfilled);
          gapped = false;
        }
        const rows = await this.watchWithTimeout(this.client);
        failures = 0;
        // Rows that skip a candle (updates lost) go through REST instead.
        if (!this.take(rows)) gapped = true;
      } catch {
        if (!this.running) break;
        failures++;
        this.reconnects++;
        gapped = true;
        this.forming = undefined; // its last updates may be lost: its values come from REST
        this.liveFrom = undefined;
        const old = this.client;
        this.client = undefined;
        await old?.close().catch(() => undefined);
        await sleep(Math.min(5_000, (this.options.backoffMs ?? 100) * 2 ** Math.min(failures - 1, 6)));
      }
    }
    await this.client?.close().catch(() => undefined);
  }

  stop(): void {
    this.running = false;
    void this.client?.close().catch(() => undefined);
  }

  private async watchWithTimeout(client: WatchingClient): Promise<Ohlcv[]> {
    const staleMs = this.options.staleMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const stale = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${this.options.symbol} update for ${staleMs} ms`)), staleMs);
    });
    try {
      return await Promise.race([client.watchOHLCV(this.options.symbol, this.options.timeframe), stale]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Candles closed since the last one emitted, from REST. Returns how many were emitted. */
  private async backfill(client: WatchingClient): Promise<number> {
    const span = timeframeMs(this.options.timeframe);
    const start = this.emitted;
    for (;;) {
      const before = this.lastEmitted;
      const rows = await client.fetchOHLCV(this.options.symbol, this.options.timeframe, this.lastEmitted + span, 1000);
      this.take(rows, true);
      this.forming = undefined; // REST's newest row is a snapshot of a forming candle, not its final state
      if (rows.length < 1000 || this.lastEmitted === before) return this.emitted - start;
    }
  }

  /**
   * Emits, in order, every candle older than the newest row (the newest may still be forming), and
   * the one held as forming when the rows no longer show it. Returns false, emitting nothing, when
   * a candle is missing between the last one emitted and the rows: that gap needs REST.
   */
  private take(rows: readonly Ohlcv[], fromRest = false): boolean {
    const span = timeframeMs(this.options.timeframe);
    const byTime = new Map<number, Ohlcv>();
    if (this.forming !== undefined) byTime.set(this.forming[0]!, this.forming);
    for (const row of rows) byTime.set(row[0]!, row);
    const sorted = [...byTime.values()].sort((a, b) => a[0]! - b[0]!);
    const newest = sorted.at(-1);
    if (newest === undefined) return true;
    const closed = sorted.filter((row) => row[0]! > this.lastEmitted && row[0]! < newest[0]!);
    if (!fromRest) {
      this.liveFrom ??= Math.min(...rows.map((r) => r[0]!));
      const expected = this.lastEmitted + span;
      // A gap, or a candle that began before we were listening (its early updates went elsewhere).
      if ((closed.length > 0 ? closed[0]![0]! : newest[0]!) > expected) return false;
      if (closed.some((row) => row[0]! <= this.liveFrom!)) return false;
    }
    for (const row of closed) this.emit(row);
    this.forming = newest;
    return true;
  }

  private emit(row: Ohlcv): void {
    this.lastEmitted = row[0]!;
    this.emitted++;
    this.options.onCandle({ time: row[0]!, open: row[1]!, high: row[2]!, low: row[3]!, close: row[4]!, volume: row[5]! });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
