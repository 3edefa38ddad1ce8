// Two things Binance's connector (@binance/spot) has no option for, hooked into the axios request
// options it passes through to every request: signed requests stamped on the venue's clock with
// our one recvWindow (it stamps the system time and sends no recvWindow), and the headers of every reply,
// refusals included (its error classes carry no headers, so a 418's Retry-After was lost).
import type { SpotRestAPI } from '@binance/spot';
import { lowerCaseHeaders } from './reply-headers.ts';
import { RECV_WINDOW_MS } from './venue-clock.ts';
import { binanceSignature } from './binance-signature.ts';

export interface ConnectorWiring {
  /** The time signed requests are stamped with: the venue's clock as we know it (epoch ms). */
  readonly timestampMs: () => number;
  /** Called with each reply's headers, lower-case names, whatever its status. */
  readonly onReply: (headers: Record<string, string>) => void;
}

/** The part of the connector's configuration the hooks need (kept private in its types). */
interface ConnectorConfiguration {
  readonly apiSecret?: string;
  baseOptions?: Record<string, unknown>;
}

/**
 * Installs the hooks on a connector client. They are axios transforms, which axios 1.x calls with
 * the request's config as `this` before the adapter reads its URL: the one place where a request
 * can be changed after the connector has signed it.
 */
export function wireConnector(rest: SpotRestAPI.RestAPI, wiring: ConnectorWiring): void {
  const configuration = (rest as unknown as { configuration: ConnectorConfiguration }).configuration;
  const secret = configuration.apiSecret;
  const options = (configuration.baseOptions ??= {});
  options['transformRequest'] = [
    function stamp(this: { url?: string }, data: unknown): unknown {
      if (secret !== undefined && this.url !== undefined) this.url = restamp(this.url, typeof data === 'string' ? data : '', secret, wiring.timestampMs());
      return data;
    },
  ];
  // The connector asks for text and parses it itself: the data goes through unchanged.
  options['transformResponse'] = [
    function observe(data: unknown, headers: unknown): unknown {
      wiring.onReply(lowerCaseHeaders(headers));
      return data;
    },
  ];
}

/**
 * A signed request URL stamped again: `recvWindow` and `timestamp` replaced, the HMAC-SHA256
 * signature computed over the query string followed by the body (Binance's rule,
 * ../shared/specs/binance-spot.md §2.2). A URL with no signature is returned as it is.
 */
export function restamp(url: string, body: string, secret: string, timestampMs: number): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const parts = url.slice(mark + 1).split('&');
  if (!parts.some((p) => p.startsWith('signature='))) return url;
  const kept = parts.filter((p) => p !== '' && !/^(signature|timestamp|recvWindow)=/.test(p));
  const query = [...kept, `recvWindow=${RECV_WINDOW_MS}`, `timestamp=${timestampMs}`].join('&');
  const signature = binanceSignature(secret, query + body);
  return `${url.slice(0, mark)}?${query}&signature=${signature}`;
}
