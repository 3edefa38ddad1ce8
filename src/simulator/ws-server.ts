// WebSocket side of the simulator: market streams on /ws/<anything> and /stream?streams=…
// (SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS), the legacy user stream on /ws/<listenKey>,
// and the WS API on /ws-api/v3 with userDataStream.subscribe.signature, which ccxt pro uses.
// Kline streams get an event on every tick, the forming kline on subscription, and, like
// Binance's, the forming kline every 2 s of wall time when nothing has sent it meanwhile.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { BinanceError } from './binance-error.ts';
import { formatDec } from './decimal.ts';
import type { Tick } from './feed.ts';
import type { Faults } from './faults.ts';
import { klineEvent, parseKlineStream } from './kline-stream.ts';
import type { KlineStream } from './kline-stream.ts';
import type { EngineEvent, MatchingEngine } from './matching-engine.ts';
import { verifyPayload } from './signature.ts';

interface Connection {
  readonly socket: WebSocket;
  readonly streams: Set<string>;
  readonly combined: boolean;
  /** Kline streams sent to this connection since the last timed push: they need no other yet. */
  readonly klinesSent: Set<string>;
  /** Receives user-data events: unwrapped (listen key) or wrapped with a subscription id (WS API). */
  user: { readonly wrapped: boolean; readonly subscriptionId: number } | undefined;
}

export interface WsDeps {
  readonly engine: MatchingEngine;
  readonly faults: Faults;
  readonly keys: ReadonlyMap<string, string>;
  readonly listenKeys: ReadonlySet<string>;
  /** The market clock, on which every event is stamped. */
  readonly serverTime: () => number;
  /** The host's clock: clients' own timestamps are also taken on it (signature.ts). */
  readonly hostTime: () => number;
  /** Market ms per real ms: the replay speed while the market runs on a timer, else 1. */
  readonly marketSpeed: () => number;
  /** Wall time between timed pushes of forming klines. */
  readonly klinePushMs: number;
}

export class MarketWebSockets {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private nextTradeId = 1;
  /** Kline stream names subscribed so far, parsed. */
  private readonly klineStreams = new Map<string, KlineStream>();
  /** One timer for every connection's kline streams. */
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly deps: WsDeps) {
    deps.engine.onEvent((event) => this.onEngineEvent(event));
    this.timer = setInterval(() => this.pushForming(), deps.klinePushMs);
    this.timer.unref();
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
    clearInterval(this.timer);
    this.dropAll();
    this.wss.close();
  }

  onTick(tick: Tick): void {
    if (this.deps.faults.chance(this.deps.faults.config.wsDisconnectRate)) this.dropAll();
    if (this.deps.faults.config.staleStreams) return;
    const now = this.deps.serverTime();
    const feed = this.deps.engine.feeds.get(tick.symbol)!;
    this.sendKlines((stream) => {
      if (stream.symbol !== tick.symbol) return undefined;
      const { kline, closed } = feed.afterTick(stream.interval, tick);
      return klineEvent(stream, kline, closed, now);
    });
    const lower = tick.symbol.toLowerCase();
    const { bids, asks } = this.deps.engine.depth(tick.symbol, 1);
    const payloads: [string, () => unknown][] = [
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

  /**
   * Sends each connection's kline streams the event `make` builds (undefined: nothing), built once
   * per stream however many connections listen. `onlyUnsent`: skip the streams a connection was
   * sent something since the last timed push.
   */
  private sendKlines(make: (stream: KlineStream) => Record<string, unknown> | undefined, onlyUnsent = false): void {
    const built = new Map<string, Record<string, unknown> | undefined>();
    for (const conn of this.connections) {
      for (const name of conn.streams) {
        const stream = this.klineStreams.get(name);
        if (stream === undefined || (onlyUnsent && conn.klinesSent.has(name))) continue;
        if (!built.has(name)) built.set(name, make(stream));
        const payload = built.get(name);
        if (payload !== undefined) this.sendKline(conn, name, payload);
      }
    }
  }

  private sendKline(conn: Connection, name: string, payload: Record<string, unknown>): void {
    conn.klinesSent.add(name);
    this.send(conn, conn.combined ? { stream: name, data: payload } : payload);
  }

  /** Every `klinePushMs`: the forming kline to each stream no tick or subscription updated meanwhile. */
  private pushForming(): void {
    if (!this.deps.faults.config.staleStreams) {
      const now = this.deps.serverTime();
      this.sendKlines((stream) => this.formingEvent(stream, now), true);
    }
    for (const conn of this.connections) conn.klinesSent.clear();
  }

  private formingEvent(stream: KlineStream, now: number): Record<string, unknown> | undefined {
    const kline = this.deps.engine.feeds.get(stream.symbol)!.forming(stream.interval);
    return kline === undefined ? undefined : klineEvent(stream, kline, false, now);
  }

  /**
   * Subscribes `conn` to `names`, all or none: a kline stream the simulator cannot serve gets
   * Binance's invalid-stream error (code 2) with the reason, where Binance would stream it or
   * refuse it, never silence. Each kline stream then gets its forming kline at once. `id`
   * undefined: streams named in the URL, which get no reply when they are served.
   */
  private subscribe(conn: Connection, names: readonly string[], id: unknown): void {
    const klines: [string, KlineStream][] = [];
    for (const name of names) {
      const parsed = parseKlineStream(name, this.deps.engine.feeds);
      if (typeof parsed === 'string') {
        this.send(conn, { error: { code: 2, msg: `Invalid request: ${parsed}` }, id: id ?? null });
        return;
      }
      if (parsed !== undefined) klines.push([name, parsed]);
    }
    for (const name of names) conn.streams.add(name);
    for (const [name, stream] of klines) this.klineStreams.set(name, stream);
    if (id !== undefined) this.send(conn, { result: null, id });
    if (this.deps.faults.config.staleStreams) return;
    const now = this.deps.serverTime();
    for (const [name, stream] of klines) {
      const payload = this.formingEvent(stream, now);
      if (payload !== undefined) this.sendKline(conn, name, payload);
    }
  }

  private accept(socket: WebSocket, url: URL): void {
    const path = url.pathname;
    const conn: Connection = { socket, streams: new Set(), combined: path === '/stream', klinesSent: new Set(), user: undefined };
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
    socket.on('error', () => this.connections.delete(conn));
    socket.on('message', (data) => this.onMessage(conn, data.toString(), path === '/ws-api/v3'));
    // Streams named in the URL, each checked like a SUBSCRIBE; an error there has no id to answer.
    const named: string[] = [];
    if (path === '/stream') named.push(...(url.searchParams.get('streams') ?? '').split('/').filter(Boolean));
    if (path.startsWith('/ws/')) {
      const name = decodeURIComponent(path.slice(4));
      if (this.deps.listenKeys.has(name)) conn.user = { wrapped: false, subscriptionId: 0 };
      else if (name.includes('@')) named.push(name);
    }
    for (const name of named) this.subscribe(conn, [name], undefined);
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
        this.subscribe(conn, params, id);
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
          verifyPayload(this.deps.keys, typeof raw['apiKey'] === 'string' ? raw['apiKey'] : undefined, payload, signature, new URLSearchParams(payload), [{ now, scale: this.deps.marketSpeed() }, { now: this.deps.hostTime(), scale: 1 }]);
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

