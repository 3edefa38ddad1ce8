// Closed candles for a live instance (the fleet's feed), with no decision on a gap: the history to
// warm up on by REST, then each closed candle reaches `onCandle` once, in order, one at a time (the
// next waits for the consumer's promise), and a candle is never skipped. The kline stream is watched
// on an injected timer clock: no candle close within 1.5 timeframes (of market time: a replay at N×
// speed passes a bound N times shorter), or no message at all for `silenceMs`, and the connection is
// replaced. Candles missed while disconnected (or lost on a live connection) are fetched over REST
// and given in order before the stream goes on; while a missing candle cannot be had, nothing after
// it is given (the instance's decisions are paused) and the feed says so. A venue whose time goes
// back (the simulator's replay starting again at its data's beginning) ends the feed.
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
  | { readonly type: 'resumed'; readonly backfilled: number }
  /**
   * A kline opening at `time` (UTC ms), more than a timeframe before the last candle given: the
   * venue's time went back (the simulator's replay starting again). The feed has stopped.
   */
  | { readonly type: 'rewound'; readonly time: number };

/**
 * Where a candle given to `onCandle` came from: the stream; REST, as the newest closed candle
 * (`backfill`); or REST with a newer candle closed too (`catch-up`): a decision on it would act on a
 * price that is already old.
 */
export type CandleOrigin = 'stream' | 'backfill' | 'catch-up';

export interface ClosedCandleFeedOptions {
  readonly source: KlineSource;
  readonly timeframe: Timeframe;
  /**
   * Each closed candle after the history, once and in order; the next waits until the promise
   * returned for this one settles. A throw (or rejection) stops the feed and rejects `run`.
   */
  readonly onCandle: (candle: Candle, origin: CandleOrigin) => Promise<void> | void;
  readonly onEvent?: (event: FeedEvent) => void;
  /** Drives the watchdog and the reconnect backoff (default: the wall clock). */
  readonly clock?: TimerClock;
  /** No candle close for this long (clock ms) means the stream is stale. Default 1.5 × the timeframe; see `staleBoundMs`. */
  readonly staleAfterMs?: number;
  /** No message at all for this long (clock ms) means the stream is silent. Default 10 s: Binance pushes a forming kline every 2 s. */
  readonly silenceMs?: number;
  /** First wait before reconnecting after a failure (ms); doubles per failure up to 30 s. The first reconnect after a working connection is immediate. */
  readonly backoffMs?: number;
}

/** REST's page size on Binance (GET /api/v3/klines `limit` max). */
const PAGE = 1000;

/**
 * The shortest staleness bound, ms of wall time. A replay thousands of times faster than the market
 * closes a candle every few ms, in bursts on the simulator's timer; a bound below the process's own
 * pauses (timers, garbage collection, a busy machine) would see a healthy stream as stale.
 */
export const MIN_STALE_MS = 2_000;

/**
 * The watchdog's bound for `timeframe` on a market running `speed` times faster than the wall
 * clock (1: a real venue; the simulator's replay speed): 1.5 timeframes of market time in wall ms,
 * at least MIN_STALE_MS when the market is accelerated.
 */
export function staleBoundMs(timeframe: Timeframe, speed = 1): number {
  const bound = (1.5 * timeframeMs(timeframe)) / Math.max(1, speed);
  return speed > 1 ? Math.max(MIN_STALE_MS, bound) : bound;
}

export class ClosedCandleFeed {
  private readonly span: number;
  private readonly clock: TimerClock;
  private readonly staleAfterMs: number;
  private readonly silenceMs: number;
  /** Open time of the last candle given; −∞ before the first. */
  private last = -Infinity;
  /** Every candle opening before this has closed, as the stream has shown. */
  private closedBefore = -Infinity;
  /** Open time of the newest kline the stream has shown; one much older means the venue's time went back. */
  private streamNewest = -Infinity;
  private rewinding = false;
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
   * The `count` closed candles before the live ones, oldest first, by REST (fewer where the venue
   * has fewer): a strategy's warm-up. The venue's newest kline is left out, as it may be forming;
   * `run()` then gives every candle after the history, that one first once it has closed. With
   * `decidedThrough` (UTC ms: the open time of the last candle an earlier run of the instance
   * decided on), a newest kline opening then has closed and was decided on: it ends the history
   * and is not given again. Throws NetworkError when the venue cannot be reached.
   */
  async history(count: number, decidedThrough?: number): Promise<Candle[]> {
    const { source } = this.options;
    const first = await source.fetchLatest(Math.min(PAGE, count + 1));
    const newest = first.at(-1);
    if (newest === undefined) return [];
    const decided = newest.time === decidedThrough;
    const pages: Kline[][] = [decided ? first.slice(Math.max(0, first.length - count)) : first.slice(0, -1)];
    let complete = first.length < Math.min(PAGE, count + 1); // the venue has no older kline
    for (let wanted = count - pages[0]!.length; wanted > 0 && !complete && pages[0]!.length > 0; ) {
      const limit = Math.min(PAGE, wanted);
      const page = await source.fetchLatest(limit, pages[0]![0]!.time - 1);
      pages.unshift(page);
      wanted -= page.length;
      complete = page.length < limit;
    }
    this.last = decided ? newest.time : newest.time - this.span;
    this.needsBackfill = true;
    return pages.flat().map(toCandle);
  }

  /**
   * Runs until `stop()` (or the venue's time goes back). With `since` (UTC ms), the candles opening
   * at or after it come first, from REST (an instance restarting passes its last candle's open
   * time + 1 timeframe); after `history`, the candles after the history; otherwise the first closed
   * candle the stream shows is the first given. Rejects if `onCandle` throws.
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

  /** When the stream last sent a message (its connection counts as one), on the feed's clock (ms); 0 before it connected. */
  get lastMessageTime(): number {
    return this.lastMessageAt;
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
    if (this.rewinding) return;
    const now = this.clock.now();
    this.lastMessageAt = now;
    this.failures = 0;
    // The stream's own order, not the candles given: REST may have given candles the stream has yet to deliver.
    if (kline.time < this.streamNewest - this.span) {
      this.rewinding = true;
      this.enqueue(async () => this.rewound(kline.time));
      return;
    }
    this.streamNewest = Math.max(this.streamNewest, kline.time);
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
    if (!this.running) return;
    const next = this.last + this.span;
    if (this.needsBackfill || this.pausedAt !== undefined) {
      if (kline.closed || kline.time > next) await this.backfill();
    } else if (kline.closed) {
      if (this.last === -Infinity || kline.time === next) await this.give(kline, 'stream');
      else if (kline.time > next) await this.backfill(); // closes lost on a live connection
    } else if (this.last > -Infinity && kline.time > next) {
      await this.backfill(); // a forming kline past the next candle: that one closed unseen
    }
  }

  /** Gives, in order, the closed candles after the last one from REST; pauses on a hole. */
  private async backfill(): Promise<void> {
    if (this.last === -Infinity) return;
    let given = 0;
    let vouched = this.closedBefore;
    try {
      for (;;) {
        // What the stream had shown before asking: a candle it closes while REST answers may come back as a forming snapshot.
        vouched = this.closedBefore;
        const rows = await this.options.source.fetch(this.last + this.span, PAGE);
        if (!this.running) return;
        const newest = rows.reduce((max, row) => Math.max(max, row.time), -Infinity);
        const closed = rows.filter((row) => row.time < vouched || row.time < newest).sort((a, b) => a.time - b.time);
        let progressed = false;
        for (const row of closed) {
          if (row.time <= this.last) continue;
          if (row.time !== this.last + this.span) break; // a hole in REST's history
          // Every candle opening before `newest` or `closedBefore` has closed: is this one's successor among them?
          const caughtUp = row.time + this.span >= Math.max(newest, this.closedBefore);
          if (!(await this.give(row, caughtUp ? 'backfill' : 'catch-up'))) return;
          given++;
          progressed = true;
        }
        if (rows.length < PAGE || !progressed) break;
      }
      if (!this.running) return;
    } catch (error) {
      if (error instanceof CandleHandlerError) throw error;
      this.pause(`REST backfill failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const missingFrom = this.last + this.span;
    if (missingFrom < vouched) {
      this.pause(`the candle of ${new Date(missingFrom).toISOString()} has closed but REST does not have it`);
      return;
    }
    // It closed while REST answered: the kline that said so is queued behind this step and asks again.
    if (missingFrom < this.closedBefore) return;
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

  /** Hands one candle on and waits for the consumer; false, giving nothing, once the feed has stopped. */
  private async give(kline: Kline, origin: CandleOrigin): Promise<boolean> {
    if (!this.running) return false;
    this.last = kline.time;
    try {
      await this.options.onCandle(toCandle(kline), origin);
    } catch (error) {
      throw new CandleHandlerError(error);
    }
    return true;
  }

  /** The venue's time went back: nothing it sends from now on follows the candles given. */
  private rewound(time: number): void {
    this.options.onEvent?.({ type: 'rewound', time });
    this.stop();
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

function toCandle(kline: Kline): Candle {
  return { time: kline.time, open: kline.open, high: kline.high, low: kline.low, close: kline.close, volume: kline.volume };
}

/** A throw from `onCandle`, carried through the queue so it is not taken for a REST failure. */
class CandleHandlerError extends Error {
  constructor(override readonly cause: unknown) {
    super('onCandle failed');
  }
}
