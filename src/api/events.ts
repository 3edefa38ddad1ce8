// Server-sent events at /api/v1/events: every journal entry written after the client connected
// (`event: journal`, its id as the event id, so a reconnecting EventSource resumes after the last
// one it got through Last-Event-ID), a status snapshot of every instance (`event: status`) now and
// then, and a comment line as heartbeat. The journal is tailed by id from the store, so it works
// whether the fleet writes from this process or another. A client that does not read (its socket
// buffer past the bound) is dropped rather than buffered without end; it reconnects and resumes.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fleetFigures } from './context.ts';
import type { ApiContext } from './context.ts';
import type { RouteTable } from './route.ts';
import { queryInt } from './schemas.ts';

export interface EventOptions {
  /** How often the journal is read for new entries, ms (default 250). */
  readonly pollMs?: number;
  /** How often a status snapshot is sent, ms (default 2000). */
  readonly statusMs?: number;
  /** How often a heartbeat comment is sent, ms (default 15 000). */
  readonly heartbeatMs?: number;
  /** The most a client may leave unread in its socket buffer, bytes (default 1 MiB); past it, it is dropped. */
  readonly maxBufferBytes?: number;
}

/** Entries read per client per poll: a client far behind catches up over several polls. */
const BATCH = 500;

interface Client {
  readonly res: ServerResponse;
  lastId: number;
  readonly instance: string | undefined;
}

export function registerEventRoutes(app: FastifyInstance, table: RouteTable, context: ApiContext, options: EventOptions = {}): void {
  const { journal } = context.workspace.live;
  const maxBuffer = options.maxBufferBytes ?? 1024 * 1024;
  const clients = new Set<Client>();
  const timers: NodeJS.Timeout[] = [];
  let lastStatus = 0;

  const send = (client: Client, text: string): void => {
    if (client.res.writableLength > maxBuffer) {
      clients.delete(client);
      client.res.destroy();
      return;
    }
    client.res.write(text);
  };
  const statusText = (): string => `event: status\ndata: ${JSON.stringify(fleetFigures(context))}\n\n`;
  const tick = (): void => {
    const now = context.workspace.clock.now();
    const withStatus = now - lastStatus >= (options.statusMs ?? 2_000);
    if (withStatus) lastStatus = now;
    const status = withStatus ? statusText() : '';
    for (const client of clients) {
      const entries = journal.after(client.lastId, BATCH, client.instance);
      for (const entry of entries) send(client, `id: ${entry.id}\nevent: journal\ndata: ${JSON.stringify(entry)}\n\n`);
      if (entries.length > 0) client.lastId = entries.at(-1)!.id;
      if (status !== '') send(client, status);
    }
  };
  const start = (): void => {
    if (timers.length > 0) return;
    timers.push(setInterval(() => {
      try {
        tick();
      } catch (error) {
        app.log.error({ err: error }, 'events: reading the journal failed');
      }
    }, options.pollMs ?? 250));
    timers.push(setInterval(() => {
      for (const client of clients) send(client, ': heartbeat\n\n');
    }, options.heartbeatMs ?? 15_000));
    for (const timer of timers) timer.unref();
  };
  const stopIfIdle = (): void => {
    if (clients.size > 0) return;
    for (const timer of timers.splice(0)) clearInterval(timer);
  };
  app.addHook('preClose', async () => {
    for (const client of clients) client.res.end();
    clients.clear();
    stopIfIdle();
  });

  table.add({
    method: 'GET',
    url: '/api/v1/events',
    summary: 'server-sent events: `journal` (each new entry; id = its journal id, Last-Event-ID resumes), `status` (every instance), heartbeat comments',
    role: 'viewer',
    produces: 'text/event-stream',
    query: z.object({ instance: z.string().min(1).optional(), afterId: queryInt(0, Number.MAX_SAFE_INTEGER).optional() }).strict(),
    handler: ({ query, request, reply }) => {
      const resume = Number(request.headers['last-event-id']);
      const lastId = query.afterId ?? (Number.isInteger(resume) && resume >= 0 ? resume : journal.lastId());
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const client: Client = { res, lastId, instance: query.instance };
      clients.add(client);
      res.write(`retry: 2000\n\n${statusText()}`);
      start();
      request.raw.on('close', () => {
        clients.delete(client);
        stopIfIdle();
      });
      return undefined;
    },
  });
}
