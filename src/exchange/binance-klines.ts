// Binance spot klines on the wire: the `<symbol>@kline_<interval>` WebSocket stream and REST
// GET /api/v3/klines (specs/binance-spot.md §7.2, §3.2), for Binance, its testnet and the local
// simulator alike. A raw source: it reports what the venue sends and leaves ordering, gaps and
// staleness to its caller (live/closed-candle-feed.ts).
import { WebSocket } from 'ws';
import { z } from 'zod';
import { NetworkError } from '../core/index.ts';
import type { Candle, Timeframe } from '../core/index.ts';

/** One kline as the venue shows it: open time, values, and whether it has closed. */
export interface Kline extends Candle {
  /** Close time, UTC ms (Binance: open time + interval − 1). */
  readonly closeTime: number;
  /** False while the candle is forming (the stream's `x`). */
  readonly closed: boolean;
}

/** An open kline stream. */
export interface KlineConnection {
  /** Closes the connection; `onClose` is called once, with this reason. */
  close(reason: string): void;
}

export interface KlineHandlers {
  readonly onKline: (kline: Kline) => void;
  /** The connection ended (dropped, closed by us, or failed to open), with why. Called once. */
  readonly onClose: (reason: string) => void;
}

/** Where klines come from: a live stream and a REST history. The feed's port to a venue. */
export interface KlineSource {
  /** Opens the stream; resolves once it is connected, rejects with a NetworkError if it cannot be. */
  open(handlers: KlineHandlers): Promise<KlineConnection>;
  /**
   * Klines with open time ≥ `startTime` (UTC ms), oldest first, at most `limit` (≤ 1000). The
   * newest may still be forming: REST rows do not say, so `closed` is false on every row and the
   * caller decides from what the stream has shown. NetworkError when the request fails.
   */
  fetch(startTime: number, limit: number): Promise<Kline[]>;
  /**
   * The newest klines with open time ≤ `endTime` (UTC ms; absent: up to the venue's newest, which
   * is usually forming), oldest first, at most `limit` (≤ 1000); `closed` is false on every row, as
   * for `fetch`. For the history before the live candles, paged backwards. NetworkError when the
   * request fails.
   */
  fetchLatest(limit: number, endTime?: number): Promise<Kline[]>;
}

export interface BinanceKlineSourceOptions {
  /** e.g. `ws://127.0.0.1:PORT` (simulator) or `wss://stream.binance.com:9443`. */
  readonly wsUrl: string;
  /** e.g. `http://127.0.0.1:PORT` (simulator) or `https://api.binance.com`. */
  readonly restUrl: string;
  /** Exchange symbol, `BTCUSDT`. */
  readonly symbol: string;
  /** rampart timeframes are Binance kline intervals (`1m` … `1d`). */
  readonly timeframe: Timeframe;
  /** A REST request or a connection attempt taking longer fails (default 10 s). */
  readonly timeoutMs?: number;
}

const decimal = z.string().transform(Number);

const klineEventSchema = z.object({
  e: z.literal('kline'),
  k: z.object({ t: z.number(), T: z.number(), o: decimal, h: decimal, l: decimal, c: decimal, v: decimal, x: z.boolean() }),
});

const restRowsSchema = z.array(z.tuple([z.number(), decimal, decimal, decimal, decimal, decimal, z.number()]).rest(z.unknown()));

/** The kline stream and REST history of one symbol and interval on a Binance-compatible venue. */
export function binanceKlineSource(options: BinanceKlineSourceOptions): KlineSource {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const stream = `${options.symbol.toLowerCase()}@kline_${options.timeframe}`;
  return {
    open: (handlers) => openStream(`${options.wsUrl}/ws/${stream}`, timeoutMs, handlers),
    fetch: (startTime, limit) => getKlines(options, timeoutMs, { startTime: String(startTime), limit: String(limit) }),
    fetchLatest: (limit, endTime) => getKlines(options, timeoutMs, { ...(endTime === undefined ? {} : { endTime: String(endTime) }), limit: String(limit) }),
  };
}

/** GET /api/v3/klines with `range` (startTime, endTime, limit as Binance takes them). */
async function getKlines(options: BinanceKlineSourceOptions, timeoutMs: number, range: Record<string, string>): Promise<Kline[]> {
  const query = new URLSearchParams({ symbol: options.symbol, interval: options.timeframe, ...range });
  const url = `${options.restUrl}/api/v3/klines?${query}`;
  let body: unknown;
  try {
    const reply = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!reply.ok) throw new NetworkError(`GET /api/v3/klines ${options.symbol} ${options.timeframe}: HTTP ${reply.status}`);
    body = await reply.json();
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw new NetworkError(`GET /api/v3/klines ${options.symbol} ${options.timeframe}: ${describe(error)}`);
  }
  return restRowsSchema.parse(body).map(([time, open, high, low, close, volume, closeTime]) => ({ time, open, high, low, close, volume, closeTime, closed: false }));
}

function openStream(url: string, timeoutMs: number, handlers: KlineHandlers): Promise<KlineConnection> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    let reason: string | undefined;
    let opened = false;
    const end = (why: string): void => {
      reason ??= why;
    };
    socket.on('open', () => {
      opened = true;
      resolve({
        close(why) {
          end(why);
          socket.terminate();
        },
      });
    });
    socket.on('message', (data) => {
      const parsed = klineEventSchema.safeParse(safeJson(data.toString()));
      if (!parsed.success) return; // subscription replies and other streams' events
      const { k } = parsed.data;
      handlers.onKline({ time: k.t, open: k.o, high: k.h, low: k.l, close: k.c, volume: k.v, closeTime: k.T, closed: k.x });
    });
    socket.on('error', (error) => end(`connection error: ${describe(error)}`));
    socket.on('close', (code) => {
      end(`connection closed (code ${code})`);
      if (opened) handlers.onClose(reason!);
      else reject(new NetworkError(`kline stream ${url}: ${reason!}`));
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}
