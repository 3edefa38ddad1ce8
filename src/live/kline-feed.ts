// Closed candles of one symbol from a Binance-compatible venue (Binance, its testnet and demo, the
// project's simulator): the kline WebSocket stream for the live ones, REST for the history before
// them and for any candle the stream skipped (a reconnect, a slow consumer). Each candle is given
// once, in order, and only once closed (`x: true` on the stream; REST rows before the first one
// the stream showed). Candles are handed to the consumer one at a time: the next waits until the
// consumer's promise for the previous one has settled.
import WebSocket from 'ws';
import { NetworkError, timeframeMs } from '../core/index.ts';
import type { Candle, Timeframe } from '../core/index.ts';

export interface KlineFeedOptions {
  /** REST base, e.g. `https://api.binance.com` or the simulator's `http://127.0.0.1:9100`. */
  readonly restUrl: string;
  /** WebSocket base for raw streams, e.g. `wss://stream.binance.com:9443` or `ws://127.0.0.1:9100`. */
  readonly wsUrl: string;
  /** Exchange symbol, e.g. `BTCUSDT`. */
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Closed candles before the first live one to return from `start` (read 1,000 per REST page). */
  readonly history: number;
  /** Each closed candle after the history, in order. */
  readonly onCandle: (candle: Candle) => Promise<void> | void;
  /** A failure of the consumer or the venue that ends the feed. */
  readonly onError: (error: unknown) => void;
  /**
   * A closed candle older than the last one handed on: the venue's time went back (the simulator's
   * replay starting again at its data's beginning). Such candles are never handed on.
   */
  readonly onRewind?: (candle: Candle) => void;
  /** Wait before reconnecting a dropped stream, ms (default 500). */
  readonly reconnectMs?: number;
}

/** Binance's REST kline row: open time, o, h, l, c, v as strings, close time, …. */
type KlineRow = [number, string, string, string, string, string, number, ...unknown[]];

interface KlineMessage {
  readonly e?: string;
  readonly k?: { t: number; o: string; h: string; l: string; c: string; v: string; x: boolean };
}

export class KlineFeed {
  private socket: WebSocket | undefined;
  private stopped = false;
  /** Open time of the last candle handed on (or of the last history candle). */
  private last = -Infinity;
  /** Candles wait here for the history to be known (live ones may arrive while it is fetched). */
  private chain: Promise<void>;
  private open!: () => void;
  private readonly span: number;

  constructor(private readonly options: KlineFeedOptions) {
    this.span = timeframeMs(options.timeframe);
    this.chain = new Promise((resolve) => (this.open = resolve));
  }

  /**
   * Subscribes, waits for the stream's first kline and returns the closed candles before it
   * (`history` of them, fewer where the venue has fewer); live candles follow through `onCandle`
   * once `begin` is called.
   * Throws NetworkError when the venue cannot be reached.
   */
  async start(): Promise<Candle[]> {
    const first = await this.connect();
    const closed = await this.history(first);
    this.last = closed.at(-1)?.time ?? first - this.span;
    return closed;
  }

  /** Starts handing on the live candles (held until now, while the consumer warmed up on the history). */
  begin(): void {
    this.open();
  }

  /** Stops the stream; the candle being handled finishes, and `drained` resolves after it. */
  stop(): void {
    this.stopped = true;
    this.socket?.close();
    // A feed stopped before `begin` (a fleet whose start failed) still drains: its held candles see `stopped`.
    this.open();
  }

  /** Resolves once every candle handed on so far has been handled. */
  get drained(): Promise<void> {
    return this.chain;
  }

  /** Opens the stream; resolves with the open time of its first kline. */
  private connect(): Promise<number> {
    const { wsUrl, symbol, timeframe } = this.options;
    const url = `${wsUrl.replace(/\/+$/, '')}/ws/${symbol.toLowerCase()}@kline_${timeframe}`;
    return new Promise((resolve, reject) => {
      let settled = false;
      const socket = new WebSocket(url);
      this.socket = socket;
      socket.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as KlineMessage;
        if (message.e !== 'kline' || message.k === undefined) return;
        if (!settled) {
          settled = true;
          resolve(message.k.t);
        }
        if (message.k.x) this.enqueue(toCandle(message.k));
      });
      socket.on('error', (error) => {
        if (!settled) {
          settled = true;
          reject(new NetworkError(`kline stream ${url}: ${error.message}`));
        }
      });
      socket.on('close', () => {
        if (!settled) {
          settled = true;
          reject(new NetworkError(`kline stream ${url} closed before its first kline`));
          return;
        }
        if (!this.stopped) setTimeout(() => void this.reconnect(), this.options.reconnectMs ?? 500).unref();
      });
    });
  }

  /** After a dropped stream: connect again; the candles missed come by REST with the next closed one. */
  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.connect();
    } catch {
      if (!this.stopped) setTimeout(() => void this.reconnect(), this.options.reconnectMs ?? 500).unref();
    }
  }

  private enqueue(candle: Candle): void {
    this.chain = this.chain.then(() => this.handOn(candle)).catch((error: unknown) => {
      this.stop();
      this.options.onError(error);
    });
  }

  /** Hands on the candles the stream skipped (by REST), then this one; older ones are dropped. */
  private async handOn(candle: Candle): Promise<void> {
    if (this.stopped || candle.time <= this.last) {
      if (candle.time < this.last - this.span) this.options.onRewind?.(candle);
      return;
    }
    if (candle.time > this.last + this.span) {
      const missed = await this.fetchKlines({ startTime: this.last + this.span, endTime: candle.time - 1, limit: 1000 });
      for (const gap of missed) await this.give(gap);
    }
    await this.give(candle);
  }

  private async give(candle: Candle): Promise<void> {
    if (this.stopped || candle.time <= this.last) return;
    this.last = candle.time;
    await this.options.onCandle(candle);
  }

  /** The `history` closed candles before `first` (open time, UTC ms), oldest first, page by page backwards. */
  private async history(first: number): Promise<Candle[]> {
    const pages: Candle[][] = [];
    let wanted = this.options.history;
    for (let endTime = first - 1; wanted > 0; ) {
      const limit = Math.min(1000, wanted);
      const page = (await this.fetchKlines({ endTime, limit })).filter((candle) => candle.time < first);
      pages.unshift(page.slice(-limit));
      wanted -= page.length;
      if (page.length < limit) break;
      endTime = page[0]!.time - 1;
    }
    return pages.flat();
  }

  private async fetchKlines(range: { startTime?: number; endTime: number; limit: number }): Promise<Candle[]> {
    const { restUrl, symbol, timeframe } = this.options;
    const query = new URLSearchParams({ symbol, interval: timeframe, endTime: String(range.endTime), limit: String(range.limit) });
    if (range.startTime !== undefined) query.set('startTime', String(range.startTime));
    const url = `${restUrl.replace(/\/+$/, '')}/api/v3/klines?${query}`;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new NetworkError(`GET ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw new NetworkError(`GET ${url}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
    const rows = (await response.json()) as KlineRow[];
    return rows.map(([time, open, high, low, close, volume]) => ({ time, open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) }));
  }
}

function toCandle(k: NonNullable<KlineMessage['k']>): Candle {
  return { time: k.t, open: Number(k.o), high: Number(k.h), low: Number(k.l), close: Number(k.c), volume: Number(k.v) };
}
