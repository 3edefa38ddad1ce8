// Signed Binance REST requests straight over node:http(s), on a keep-alive agent: the hot order
// call without a general client's machinery per request (ccxt's header merging, proxy checks,
// JavaScript HMAC and unified parsing). HMAC-SHA256 over the query string (specs/binance-spot.md
// §2.4 "SIGNED endpoint security"), all parameters in the query string, as Binance's own
// connector sends them. Every failure leaves as one of our errors; whatever leaves no verdict of
// the venue's (no reply, a timeout, a 5xx, a reply we cannot read) is a NetworkError: the outcome
// is unknown and the order manager reconciles it, never decides it failed.
import http from 'node:http';
import https from 'node:https';
import { AuthenticationError, ExchangeUnavailable, RampartError, RequestTimeout } from '../core/index.ts';
import { mapBinanceError } from './error-map.ts';
import type { VenueCredentials } from './port.ts';
import { lowerCaseHeaders, retryAfterMs } from './reply-headers.ts';
import { RECV_WINDOW_MS } from './venue-clock.ts';
import { binanceSignature } from './binance-signature.ts';

export interface BinanceSignedRestOptions {
  /** Names the venue in error messages (`simulator: Filter failure: NOTIONAL`). */
  readonly venue: string;
  /** The REST API's base, up to the version: https://api.binance.com/api/v3. */
  readonly baseUrl: string;
  readonly credentials: VenueCredentials | undefined;
  /** Whole request, sent to last byte of the reply, in ms. */
  readonly timeoutMs: number;
  /** The venue's clock (epoch ms): each request's timestamp, and the end of a ban in its message. */
  readonly now: () => number;
}

/** A reply of the venue's: its JSON body and its headers, names in lower case. */
export interface SignedReply {
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/** Idle sockets are dropped this long after their last reply, or sooner when the venue's Keep-Alive hint says so. */
const IDLE_SOCKET_MS = 60_000;

export class BinanceSignedRest {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly base: URL;
  /** The host as node:http takes it: an IPv6 address without its URL brackets. */
  private readonly host: string;
  /** The latest reply's headers, refusals included (undefined before the first reply). */
  lastHeaders: Record<string, string> | undefined;

  constructor(private readonly options: BinanceSignedRestOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.host = this.base.hostname.replace(/^\[(.*)\]$/, '$1');
    this.transport = this.base.protocol === 'https:' ? https : http;
    // `timeout` is the idle socket's life; node's agent shortens it to the server's Keep-Alive hint.
    this.agent = new this.transport.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' });
  }

  /**
   * Sends a signed request: `params` plus timestamp and recvWindow, signed. Resolves with the JSON
   * body of a 2xx reply. Throws the venue's refusal as mapped by mapBinanceError (a 4xx with its
   * code), ExchangeUnavailable for a 5xx, a failed connection or an unreadable reply, RequestTimeout
   * past `timeoutMs`, and AuthenticationError without a key.
   */
  send(method: 'POST' | 'DELETE' | 'GET', path: string, params: Readonly<Record<string, string>>): Promise<SignedReply> {
    const { credentials, venue, timeoutMs } = this.options;
    if (credentials === undefined) return Promise.reject(new AuthenticationError(`${venue}: signed requests need an API key and secret`));
    const query = new URLSearchParams({ ...params, timestamp: String(this.options.now()), recvWindow: String(RECV_WINDOW_MS) }).toString();
    const signature = binanceSignature(credentials.secret, query);
    const url = `${this.base.pathname}${path}?${query}&signature=${signature}`;
    return new Promise<SignedReply>((resolve, reject) => {
      let settled = false;
      const settle = (error: RampartError | undefined, reply?: SignedReply): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === undefined) resolve(reply!);
        else reject(error);
      };
      const request = this.transport.request(
        { protocol: this.base.protocol, hostname: this.host, port: this.base.port, method, path: url, agent: this.agent, headers: { 'X-MBX-APIKEY': credentials.apiKey } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => settle(new ExchangeUnavailable(`${venue}: the reply broke off (${error.message})`)));
          response.on('end', () => {
            const headers = lowerCaseHeaders(response.headers);
            this.lastHeaders = headers;
            settle(...this.verdict(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), headers));
          });
        },
      );
      const timer = setTimeout(() => {
        settle(new RequestTimeout(`${venue}: no reply within ${timeoutMs} ms`));
        request.destroy();
      }, timeoutMs);
      request.on('error', (error) => settle(new ExchangeUnavailable(`${venue}: no reply (${error.message})`)));
      request.end();
    });
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  /**
   * A whole reply as its body or our error. Only a 4xx is the venue's refusal; a 5xx, a redirect or
   * a 2xx we cannot read says nothing about the order (Binance: "the execution status is UNKNOWN").
   */
  private verdict(status: number, text: string, headers: Record<string, string>): [RampartError | undefined, SignedReply?] {
    const { venue } = this.options;
    const ok = status >= 200 && status < 300;
    if (status >= 500) return [mapBinanceError({ status }, venue)];
    if (!ok && !(status >= 400 && status < 500)) return [new ExchangeUnavailable(`${venue}: HTTP ${status}, which is no verdict on the request`)];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      if (ok) return [new ExchangeUnavailable(`${venue}: HTTP ${status} with a reply that is not JSON`)];
      return [mapBinanceError({ status }, venue, retryAfterMs(headers, '', this.options.now()))];
    }
    if (ok) return [undefined, { body, headers }];
    const { code, msg } = (body ?? {}) as { code?: unknown; msg?: unknown };
    const message = typeof msg === 'string' ? msg : undefined;
    return [mapBinanceError({ status, ...(typeof code === 'number' ? { code } : {}), ...(message === undefined ? {} : { msg: message }) }, venue, retryAfterMs(headers, message ?? '', this.options.now()))];
  }
}
