// A venue's recorded replies served on loopback, so a ccxt adapter can be driven through its real
// HTTP path without the network: each route answers with a recorded body (fixture file or inline).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from '../fixtures/cli.ts';

export const VENUE_FIXTURES = path.join(ROOT, 'test', 'fixtures', 'venues');

export interface RecordedReply {
  readonly status?: number;
  /** A fixture file under test/fixtures/venues, or the body itself. */
  readonly file?: string;
  readonly body?: unknown;
}

/** Route: "GET /0/public/Assets", optionally with "?query" that must match exactly. */
export type Recording = Readonly<Record<string, RecordedReply>>;

export interface RecordedVenue {
  readonly url: string;
  /** Requests seen, as "METHOD path?query". */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function serveRecording(recording: Recording): Promise<RecordedVenue> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://venue');
    const route = `${req.method} ${url.pathname}`;
    requests.push(`${route}${url.search}`);
    const reply = recording[`${route}${url.search}`] ?? recording[route];
    req.resume();
    req.on('end', () => {
      const body = reply === undefined ? { error: 'NOT_FOUND', message: `no recorded reply for ${route}` } : reply.file !== undefined ? JSON.parse(readFileSync(path.join(VENUE_FIXTURES, reply.file), 'utf8')) : reply.body;
      res.writeHead(reply?.status ?? (reply === undefined ? 404 : 200), { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
