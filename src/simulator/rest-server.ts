// The REST side of the simulator on node:http. Written on the bare server rather than a framework
// because the exchange's rules sit below routing: signatures are computed over the raw query
// and body bytes, and fault injection needs the socket itself (drop, reset, never answer).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BinanceError, rejected } from './binance-error.ts';
import type { Faults, LaggingSource } from './faults.ts';
import type { MatchingEngine } from './matching-engine.ts';
import type { SimOrder } from './orders.ts';
import type { RequestWeights } from './request-weight.ts';
import { ROUTES } from './rest-routes.ts';
import { verifySigned } from './signature.ts';

export interface RestDeps {
  readonly engine: MatchingEngine;
  readonly weights: RequestWeights;
  readonly faults: Faults;
  readonly keys: ReadonlyMap<string, string>;
  /** The market clock: every time a reply shows (specs: server time, transactTime, kline times). */
  readonly serverTime: () => number;
  /** The host's clock (with the skew fault): rate-limit windows, bans, and clients' own timestamps. */
  readonly hostTime: () => number;
  /** Market ms per real ms: the replay speed while the market runs on a timer, else 1. */
  readonly marketSpeed: () => number;
  readonly listenKey: () => string;
  /** Sees every API request as received, before faults or checks (admin calls excluded). */
  readonly onRequest?: ((request: ReceivedRequest) => void) | undefined;
  /** Loopback admin calls (faults, stepping, state); no weight, no signature. */
  readonly admin: (method: string, path: string, body: string, params: URLSearchParams) => unknown;
}

/** A REST request as the simulator received it: what a client really put on the wire. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** Raw query string, without '?'. */
  readonly query: string;
  /** Raw body (form-encoded for Binance's POST/PUT/DELETE, when a client sends one). */
  readonly body: string;
}

const MAX_BODY = 64 * 1024;

export function restHandler(deps: RestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const delay = deps.faults.config.latencyMs;
      if (delay > 0) setTimeout(() => serve(deps, req, res, body), delay);
      else serve(deps, req, res, body);
    });
  };
}

function serve(deps: RestDeps, req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : '';
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/admin/')) {
    try {
      reply(res, 200, deps.admin(method, url.pathname, body, url.searchParams) ?? {});
    } catch (error) {
      reply(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  deps.onRequest?.({ method, path: url.pathname, query: rawQuery, body });
  const { faults } = deps;
  if (faults.chance(faults.config.dropRate)) {
    req.socket.destroy();
    return;
  }
  if (faults.chance(faults.config.resetRate)) {
    req.socket.resetAndDestroy();
    return;
  }
  const now = deps.serverTime();
  const hostNow = deps.hostTime();
  const client = req.socket.remoteAddress ?? 'unknown';
  const headers: Record<string, string> = {};
  try {
    const route = ROUTES[`${method} ${url.pathname}`];
    if (route === undefined) throw rejected.unknownEndpoint();
    // Query-string values win over body values (Binance's rule).
    const params = new URLSearchParams(body);
    for (const [key, value] of url.searchParams) params.set(key, value);
    const weight = typeof route.weight === 'number' ? route.weight : route.weight(params);
    const used = deps.weights.charge(client, weight, hostNow, now);
    headers['x-mbx-used-weight-1m'] = String(used);
    headers['x-mbx-used-weight'] = String(used);
    const apiKey = req.headers['x-mbx-apikey'];
    const key = Array.isArray(apiKey) ? apiKey[0] : apiKey;
    if (route.security === 'SIGNED') verifySigned(deps.keys, key, rawQuery, body, params, [{ now, scale: deps.marketSpeed() }, { now: hostNow, scale: 1 }]);
    if (route.security === 'API_KEY' && (key === undefined || !deps.keys.has(key))) throw rejected.apiKeyRejected();
    if (route.isOrder === true) {
      const count = deps.weights.chargeOrder(client, hostNow);
      headers['x-mbx-order-count-10s'] = String(count);
    }
    const context = {
      params,
      engine: deps.engine,
      now,
      limits: deps.weights.limits,
      listenKey: deps.listenKey,
      hidden: (order: SimOrder, source: LaggingSource) => faults.hides(order.orderId, order.time, now, source),
    };
    if (faults.chance(faults.config.unknownStatusRate)) {
      // Unknown status for real: half of these orders were carried out before the error.
      if (route.isOrder === true && faults.chance(0.5)) route.handle(context);
      throw rejected.unknownStatus();
    }
    const result = route.handle(context);
    if (route.isOrder === true && faults.chance(faults.config.timeoutAfterAcceptRate)) {
      // Accepted, and the reply never comes: the client has to find out by asking.
      return;
    }
    reply(res, 200, result, headers);
  } catch (error) {
    if (error instanceof BinanceError) {
      if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
      reply(res, error.httpStatus, error.body(), headers);
    } else {
      reply(res, 500, { code: -1000, msg: 'An unknown error occurred while processing the request.' }, headers);
    }
  }
}

function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
