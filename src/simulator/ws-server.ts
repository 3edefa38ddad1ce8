// WebSocket side of the simulator: market streams on /ws/<anything> and /stream?streams=…
// (SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS), the legacy user stream on /ws/<listenKey>,
// and the WS API on /ws-api/v3 with userDataStream.subscribe.signature, which ccxt pro uses.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { timeframeMs } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';
import { BinanceError } from './binance-error.ts';
import { formatDec } from './decimal.ts';
import type { Tick } from './feed.ts';
import type { Faults } from './faults.ts';
import type { EngineEvent, MatchingEngine } from './matching-engine.ts';
import { verifyPayload } from './signature.ts';

interface Connection {
  readonly socket: WebSocket;
  readonly streams: Set<string>;
  readonly combined: boolean;
  /** Receives user-data events: unwrapped (listen key) or wrapped with a subscription id (WS API). */
  user: { readonly wrapped: boolean; readonly subscriptionId: number } | undefined;
}

export interface WsDeps {
  readonly engine: MatchingEngine;
  readonly faults: Faults;
  readonly keys: ReadonlyMap<string, string>;
  readonly listenKeys: ReadonlySet<string>;
  readonly serverTime: () => number;
}

export class MarketWebSockets {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private nextTradeId = 1;

  constructor(private readonly deps: WsDeps) {
    deps.engine.onEvent((event) => this.onEngineEvent(event));
  }

  /** Takes an HTTP upgrade if the path is one of ours; returns false otherwise. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://simulator');
    const path = url.pathname;
    if (path === '/stream' || path === '/ws' || path.startsWith('/ws/') || path === '/ws-api/v3') {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url));
    } else {
      socket.destroy();
    }
  }

  /** Drops every connection (fault injection, shutdown). */
  dropAll(): void {
    for (const c of this.connections) c.socket.terminate();
    this.connections.clear();
  }

  close(): void {
    this.dropAll();
    this.wss.close();
  }

  onTick(tick: Tick, timeframe: Timeframe): void {
    if (this.deps.faults.chance(this.deps.faults.config.wsDisconnectRate)) this.dropAll();
    if (this.deps.faults.config.staleStreams) return;
    const lower = tick.symbol.toLowerCase();
    const now = this.deps.serverTime();
    const c = tick.candle;
    const n = (x: number): string => x.toFixed(8);
    const { bids, asks } = this.deps.engine.depth(tick.symbol, 1);
    const payloads: [string, () => unknown][] = [
      [
        `${lower}@kline_${timeframe}`,
        () => ({
          e: 'kline',
          E: now,
          s: tick.symbol,
          k: { t: c.openTime, T: c.openTime + timeframeMs(timeframe) - 1, s: tick.symbol, i: timeframe, f: -1, L: -1, o: n(c.open), c: n(c.close), h: n(c.high), l: n(c.low), v: n(c.volume), n: c.trades, x: tick.closed, q: n(c.volume * c.close), V: '0', Q: '0', B: '0' },
        }),
      ],
      [`${lower}@trade`, () => ({ e: 'trade', E: now, s: tick.symbol, t: this.nextTradeId++, p: formatDec(tick.price), q: formatDec(tick.volume), T: now, m: tick.price < tick.previous, M: true })],
      [`${lower}@bookTicker`, () => ({ u: tick.time, s: tick.symbol, b: formatDec(bids[0]![0]), B: formatDec(bids[0]![1]), a: formatDec(asks[0]![0]), A: formatDec(asks[0]![1]) })],
    ];
    for (const [stream, make] of payloads) {
      let payload: unknown;
      for (const conn of this.connections) {
        if (!conn.streams.has(stream)) continue;
        payload ??= make();
        this.send(conn, conn.combined ? { stream, data: payload } : payload);
      }
    }
  }

  private accept(socket: WebSocket, url: URL): void {
    const path = url.pathname;
    const conn: Connection = { socket, streams: new Set(), combined: path === '/stream', user: undefined };
    if (path === '/stream') for (const s of (url.searchParams.get('streams') ?? '').split('/').filter(Boolean)) conn.streams.add(s);
    if (path.startsWith('/ws/')) {
      const name = decodeURIComponent(path.slice(4));
      if (this.deps.listenKeys.has(name)) conn.user = { wrapped: false, subscriptionId: 0 };
      else if (name.includes('@')) conn.streams.add(name);
    }
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
    socket.on('error', () => this.connections.delete(conn));
    socket.on('message', (data) => this.onMessage(conn, data.toString(), path === '/ws-api/v3'));
  }

  private onMessage(conn: Connection, text: string, isApi: boolean): void {
    let message: { method?: unknown; params?: unknown; id?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.send(conn, { code: 3, msg: 'Invalid JSON: could not parse the message' });
      return;
    }
    if (isApi) this.onApiRequest(conn, message);
    else this.onControl(conn, message);
  }

  private onControl(conn: Connection, message: { method?: unknown; params?: unknown; id?: unknown }): void {
    const id = message.id ?? null;
    const params = Array.isArray(message.params) ? message.params.filter((p): p is string => typeof p === 'string') : [];
    switch (message.method) {
      case 'SUBSCRIBE':
        for (const p of params) conn.streams.add(p);
        this.send(conn, { result: null, id });
        return;
      case 'UNSUBSCRIBE':
        for (const p of params) conn.streams.delete(p);
        this.send(conn, { result: null, id });
        return;
      case 'LIST_SUBSCRIPTIONS':
        this.send(conn, { result: [...conn.streams], id });
        return;
      default:
        this.send(conn, { code: 2, msg: `Invalid request: unknown method ${String(message.method)}`, id });
    }
  }

  private onApiRequest(conn: Connection, message: { method?: unknown; params?: unknown; id?: unknown }): void {
    const id = message.id ?? null;
    const now = this.deps.serverTime();
    try {
      switch (message.method) {
        case 'ping':
          this.send(conn, { id, status: 200, result: {} });
          return;
        case 'time':
          this.send(conn, { id, status: 200, result: { serverTime: now } });
          return;
        case 'userDataStream.subscribe.signature': {
          const raw = (typeof message.params === 'object' && message.params !== null ? message.params : {}) as Record<string, unknown>;
          // WS API signing: every param but the signature, sorted by name, as k=v&k=v.
          const entries = Object.entries(raw).filter(([k]) => k !== 'signature').sort(([a], [b]) => (a < b ? -1 : 1));
          const payload = entries.map(([k, v]) => `${k}=${String(v)}`).join('&');
          const signature = typeof raw['signature'] === 'string' ? raw['signature'] : null;
          verifyPayload(this.deps.keys, typeof raw['apiKey'] === 'string' ? raw['apiKey'] : undefined, payload, signature, new URLSearchParams(payload), now);
          conn.user = { wrapped: true, subscriptionId: 0 };
          this.send(conn, { id, status: 200, result: { subscriptionId: 0 } });
          return;
        }
        case 'userDataStream.unsubscribe':
          conn.user = undefined;
          this.send(conn, { id, status: 200, result: {} });
          return;
        default:
          this.send(conn, { id, status: 400, error: { code: -1020, msg: 'This operation is not supported.' } });
      }
    } catch (error) {
      const e = error instanceof BinanceError ? error : new BinanceError(400, -1000, String(error));
      this.send(conn, { id, status: e.httpStatus, error: e.body() });
    }
  }

  private onEngineEvent(event: EngineEvent): void {
    let payload: Record<string, unknown>;
    if (event.type === 'execution') {
      payload = event.report;
    } else {
      payload = {
        e: 'outboundAccountPosition',
        E: event.time,
        u: event.time,
        B: event.assets.map((a) => {
          const b = this.deps.engine.account.get(a);
          return { a, f: formatDec(b.free), l: formatDec(b.locked) };
        }),
      };
    }
    for (const conn of this.connections) {
      if (conn.user === undefined) continue;
      this.send(conn, conn.user.wrapped ? { subscriptionId: conn.user.subscriptionId, event: payload } : payload);
    }
  }

  private send(conn: Connection, payload: unknown): void {
    if (conn.socket.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(payload);
    const delay = this.deps.faults.config.latencyMs;
    if (delay > 0) setTimeout(() => conn.socket.readyState === WebSocket.OPEN && conn.socket.send(text), delay);
    else conn.socket.send(text);
  }
}

