// Closed candles for a live instance, with no decision on a gap: each candle reaches `onCandle`
// once, in order, and a candle is never skipped. The kline stream is watched on an injected timer
// clock: no candle close within 1.5 timeframes, or no message at all for `silenceMs`, and the
// connection is replaced. Candles missed while disconnected (or lost on a live connection) are
// fetched over REST and given in order before the stream goes on; while a missing candle cannot be
// had, nothing after it is given (the instance's decisions are paused) and the feed says so.
//
// Which candles are closed: the stream's `x` flag, and every candle older than one the stream has
// shown (a forming kline at T means every candle before T has closed). REST rows do not say, so a
// REST row is taken only when the stream or a newer REST row vouches for it.
import { systemTimerClock, timeframeMs } from '../core/index.ts';
import type { CancelTimer, Candle, Timeframe, TimerClock } from '../core/index.ts';
import type { Kline, KlineConnection, KlineSource } from '../exchange/index.ts';

/** What the feed went through, for the instance's log and status. */
export type FeedEvent =
  | { readonly type: 'connected'; readonly reconnects: number }
  /** The watchdog gave up on the connection (it is replaced). */
  | { readonly type: 'stale'; readonly reason: string }
  | { readonly type: 'disconnected'; readonly reason: string; readonly retryInMs: number }
  /** Decisions stop: the candle opening at `missingFrom` (UTC ms) is closed and cannot be had yet. */
  | { readonly type: 'paused'; readonly missingFrom: number; readonly reason: string }
  /** The gap is filled: `backfilled` candles were given from REST, in order. */
  | { readonly type: 'resumed'; readonly backfilled: number };

/** Where a candle given to `onCandle` came from. */
export type CandleOrigin = 'stream' | 'backfill';

export interface ClosedCandleFeedOptions {
  readonly source: KlineSource;
  readonly timeframe: Timeframe;
  /** Each closed candle, once and in order. A throw stops the feed and rejects `run`. */
  readonly onCandle: (candle: Candle, origin: CandleOrigin) => void;
  readonly onEvent?: (event: FeedEvent) => void;
  /** Drives the watchdog and the reconnect backoff (default: the wall clock). */
  readonly clock?: TimerClock;
  /**
   * No candle close for this long (clock ms) means the stream is stale. Default 1.5 × the
   * timeframe; a replay at N× speed passes 1.5 × timeframe / N.
   */
  readonly staleAfterMs?: number;
  /** No message at all for this long (clock ms) means the stream is silent. Default 10 s: Binance pushes a forming kline every 2 s. */
  readonly silenceMs?: number;
  /** First wait before reconnecting after a failure (ms); doubles per failure up to 30 s. The first reconnect after a working connection is immediate. */
  readonly backoffMs?: number;
}

/** REST's page size on Binance (GET /api/v3/klines `limit` max). */
const PAGE = 1000;

export class ClosedCandleFeed {
  private readonly span: number;
  private readonly clock: TimerClock;
  private readonly staleAfterMs: number;
  private readonly silenceMs: number;
  /** Open time of the last candle given; −∞ before the first. */
  private last = -Infinity;
  /** Every candle opening before this has closed, as the stream has shown. */
  private closedBefore = -Infinity;
  private needsBackfill = false;
  private pausedAt: { readonly missingFrom: number; readonly reason: string } | undefined;
  private connection: KlineConnection | undefined;
  /** Bumped per connection: events of a replaced connection are ignored. */
  private generation = 0;
  private failures = 0;
  private reconnectCount = 0;
  private lastMessageAt = 0;
  private lastCloseAt = 0;
  private cancelWatchdog: CancelTimer | undefined;
  private cancelRetry: CancelTimer | undefined;
  /** Candles are taken one step at a time, in arrival order, REST fetches included. */
  private queue: Promise<void> = Promise.resolve();
  private running = false;
  private settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(private readonly options: ClosedCandleFeedOptions) {
    this.span = timeframeMs(options.timeframe);
    this.clock = options.clock ?? systemTimerClock;
    this.staleAfterMs = options.staleAfterMs ?? 1.5 * this.span;
    this.silenceMs = options.silenceMs ?? 10_000;
  }

  /**
   * Runs until `stop()`. With `since` (UTC ms), the candles opening at or after it come first, from
   * REST (an instance restarting passes its last candle's open time + 1 timeframe); without, the
   * first closed candle the stream shows is the first given. Rejects if `onCandle` throws.
   */
  run(since?: number): Promise<void> {
    if (this.running) throw new Error('the feed is already running');
    this.running = true;
    if (since !== undefined) {
      this.last = since - this.span;
      this.needsBackfill = true;
    }
    const done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    void this.connect();
    return done;
  }

  /** Closes the stream; `run` resolves once the candle being given, if any, is done. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.cancelWatchdog?.();
    this.cancelRetry?.();
    this.generation++;
    this.connection?.close('stopped');
    this.connection = undefined;
    const settle = this.settle;
    void this.queue.then(() => settle?.resolve());
  }

  /** Open time (UTC ms) of the last candle given, −∞ before the first. */
  get lastCandleTime(): number {
    return this.last;
  }

  /** Set while decisions are paused on a gap: the first missing candle and why it is missing. */
  get paused(): { readonly missingFrom: number; readonly reason: string } | undefined {
    return this.pausedAt;
  }

  /** Connections replaced so far (dropped, stale or silent). */
  get reconnects(): number {
    return this.reconnectCount;
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    const generation = ++this.generation;
    try {
      const connection = await this.options.source.open({
        onKline: (kline) => generation === this.generation && this.onKline(kline),
        onClose: (reason) => generation === this.generation && this.onClosed(reason),
      });
      if (generation !== this.generation) return connection.close('stopped');
      this.connection = connection;
    } catch (error) {
      if (generation === this.generation) this.onClosed(error instanceof Error ? error.message : String(error));
      return;
    }
    this.options.onEvent?.({ type: 'connected', reconnects: this.reconnectCount });
    this.lastMessageAt = this.lastCloseAt = this.clock.now();
    this.armWatchdog();
    // Checked when its turn comes: a kline that arrived with the connection may have filled it.
    this.enqueue(async () => {
      if (this.needsBackfill) await this.backfill();
    });
  }

  private onKline(kline: Kline): void {
    const now = this.clock.now();
    this.lastMessageAt = now;
    this.failures = 0;
    if (kline.closed) this.lastCloseAt = now;
    this.closedBefore = Math.max(this.closedBefore, kline.closed ? kline.time + this.span : kline.time);
    this.enqueue(() => this.take(kline));
  }

  private onClosed(reason: string): void {
    this.connection = undefined;
    this.cancelWatchdog?.();
    this.needsBackfill ||= this.last > -Infinity;
    if (!this.running) return;
    this.generation++;
    this.reconnectCount++;
    const retryInMs = this.failures === 0 ? 0 : Math.min(30_000, (this.options.backoffMs ?? 500) * 2 ** Math.min(this.failures - 1, 6));
    this.failures++;
    this.options.onEvent?.({ type: 'disconnected', reason, retryInMs });
    if (retryInMs === 0) void this.connect();
    else this.cancelRetry = this.clock.setTimer(retryInMs, () => void this.connect());
  }

  /** One stream kline, in order with the rest: given if it is the next candle, else REST fills in. */
  private async take(kline: Kline): Promise<void> {
    const next = this.last + this.span;
    if (this.needsBackfill || this.pausedAt !== undefined) {
      if (kline.closed || kline.time > next) await this.backfill();
    } else if (kline.closed) {
      if (this.last === -Infinity || kline.time === next) this.give(kline, 'stream');
      else if (kline.time > next) await this.backfill(); // closes lost on a live connection
    } else if (this.last > -Infinity && kline.time > next) {
      await this.backfill(); // a forming kline past the next candle: that one closed unseen
    }
  }

  /** Gives, in order, the closed candles after the last one from REST; pauses on a hole. */
  private async backfill(): Promise<void> {
    if (this.last === -Infinity) return;
    let given = 0;
    try {
      for (;;) {
        const rows = await this.options.source.fetch(this.last + this.span, PAGE);
        if (!this.running) return;
        const newest = rows.reduce((max, row) => Math.max(max, row.time), -Infinity);
        const closed = rows.filter((row) => row.time < this.closedBefore || row.time < newest).sort((a, b) => a.time - b.time);
        let progressed = false;
        for (const row of closed) {
          if (row.time <= this.last) continue;
          if (row.time !== this.last + this.span) break; // a hole in REST's history
          this.give(row, 'backfill');
          given++;
          progressed = true;
        }
        if (rows.length < PAGE || !progressed) break;
      }
    } catch (error) {
      if (error instanceof CandleHandlerError) throw error;
      this.pause(`REST backfill failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const missingFrom = this.last + this.span;
    if (missingFrom < this.closedBefore) {
      this.pause(`the candle of ${new Date(missingFrom).toISOString()} has closed but REST does not have it`);
      return;
    }
    this.needsBackfill = false;
    if (this.pausedAt !== undefined) {
      this.pausedAt = undefined;
      this.options.onEvent?.({ type: 'resumed', backfilled: given });
    }
  }

  private pause(reason: string): void {
    const missingFrom = this.last + this.span;
    const changed = this.pausedAt?.missingFrom !== missingFrom || this.pausedAt.reason !== reason;
    this.pausedAt = { missingFrom, reason };
    this.needsBackfill = true;
    if (changed) this.options.onEvent?.({ type: 'paused', missingFrom, reason });
  }

  private give(kline: Kline, origin: CandleOrigin): void {
    this.last = kline.time;
    try {
      this.options.onCandle({ time: kline.time, open: kline.open, high: kline.high, low: kline.low, close: kline.close, volume: kline.volume }, origin);
    } catch (error) {
      throw new CandleHandlerError(error);
    }
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((error: unknown) => {
      const settle = this.settle;
      this.stop();
      settle?.reject(error instanceof CandleHandlerError ? error.cause : error);
    });
  }

  /** Fires at the earlier of the two deadlines; a message since then moves them on. */
  private armWatchdog(): void {
    this.cancelWatchdog?.();
    const due = Math.min(this.lastMessageAt + this.silenceMs, this.lastCloseAt + this.staleAfterMs);
    this.cancelWatchdog = this.clock.setTimer(due - this.clock.now(), () => this.checkWatchdog());
  }

  private checkWatchdog(): void {
    if (!this.running || this.connection === undefined) return;
    const now = this.clock.now();
    let reason: string | undefined;
    if (now - this.lastMessageAt >= this.silenceMs) reason = `no message for ${now - this.lastMessageAt} ms (silent stream)`;
    else if (now - this.lastCloseAt >= this.staleAfterMs) reason = `no candle close for ${now - this.lastCloseAt} ms (more than ${this.staleAfterMs} ms)`;
    if (reason === undefined) return this.armWatchdog();
    this.options.onEvent?.({ type: 'stale', reason });
    this.connection.close(reason);
  }
}

/** A throw from `onCandle`, carried through the queue so it is not taken for a REST failure. */
class CandleHandlerError extends Error {
  constructor(override readonly cause: unknown) {
    super('onCandle failed');
  }
}
