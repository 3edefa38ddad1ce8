// Reads: the fleet and each instance (status, mode, risk state, P&L, position, open orders,
// trades), the journal, the kill switch's events. Open to every role.
import { z } from 'zod';
import { sessionEntries, tradesFromJournal } from '../../live/index.ts';
import { FLEET_SCOPE } from '../../store/index.ts';
import { fleetFigures, fleetStatus } from '../context.ts';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import { dateQuery, flagSchema, instanceParams, instanceStatusSchema, journalEntrySchema, journalKindSchema, killEventSchema, queryInt } from '../schemas.ts';

const orderSchema = z.object({
  clientOrderId: z.string(),
  instance: z.string(),
  seq: z.number().int(),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  kind: z.string(),
  amount: z.string(),
  price: z.string().nullable().optional(),
  status: z.string(),
});

const tradeSchema = z.object({ instance: z.string(), mode: z.string(), side: z.string(), qty: z.number(), entryTime: z.number(), exitTime: z.number(), entryPrice: z.number(), exitPrice: z.number(), pnl: z.number(), slippage: z.unknown() });

const kindsSchema = z.string().transform((value, ctx) => {
  const kinds = value.split(',').map((k) => k.trim());
  for (const kind of kinds) {
    if (!journalKindSchema.safeParse(kind).success) {
      ctx.addIssue({ code: 'custom', message: `'${kind}' is not a journal kind (one of ${journalKindSchema.options.join(', ')})` });
      return z.NEVER;
    }
  }
  return kinds as z.output<typeof journalKindSchema>[];
});

export function registerFleetRoutes(table: RouteTable, context: ApiContext): void {
  const { live } = context.workspace;
  /** The instance's status (without figures: most callers only check it exists); 404 UNKNOWN_INSTANCE naming the known ones. */
  const statusOf = (name: string) => {
    const status = fleetStatus(context).instances.find((s) => s.instance === name);
    if (status === undefined) throw unknownInstance(context, name);
    return status;
  };
  table.add({
    method: 'GET',
    url: '/api/v1/fleet',
    summary: "every instance's status (from the fleet in this process, else the journal) and the kill and pause flags in force",
    role: 'viewer',
    response: z.object({ source: z.enum(['process', 'journal']), instances: z.array(instanceStatusSchema), flags: z.array(flagSchema), pauses: z.array(flagSchema) }),
    handler: () => ({ ...fleetFigures(context), flags: live.kills.flags(), pauses: live.kills.pauses() }),
  });
  table.add({
    method: 'GET',
    url: '/api/v1/instances/:name',
    summary: "one instance: status (mode, risk state, P&L, position) and its open exchange orders",
    role: 'viewer',
    params: instanceParams,
    response: z.object({ status: instanceStatusSchema, openOrders: z.array(orderSchema), flag: flagSchema.nullable(), pause: flagSchema.nullable() }),
    handler: ({ params }) => ({
      status: context.figures.figures([statusOf(params.name)])[0]!,
      openOrders: live.orders.notFinal(params.name),
      flag: live.kills.flag(params.name) ?? live.kills.flag(FLEET_SCOPE) ?? null,
      pause: live.kills.pauses().find((p) => p.scope === params.name || p.scope === FLEET_SCOPE) ?? null,
    }),
  });
  table.add({
    method: 'GET',
    url: '/api/v1/instances/:name/orders',
    summary: "an instance's open exchange orders and its journaled order events and fills (latest run unless allSessions)",
    role: 'viewer',
    params: instanceParams,
    query: z.object({ allSessions: z.enum(['true', 'false']).optional() }).strict(),
    response: z.object({ open: z.array(orderSchema), entries: z.array(journalEntrySchema) }),
    handler: ({ params, query }) => {
      statusOf(params.name);
      return { open: live.orders.notFinal(params.name), entries: sessionEntries(live, { instances: [params.name], kinds: ['order', 'fill'] }, query.allSessions === 'true') };
    },
  });
  table.add({
    method: 'GET',
    url: '/api/v1/instances/:name/trades',
    summary: "an instance's closed trades with slippage against the backtest's fill model (latest run unless allSessions)",
    role: 'viewer',
    params: instanceParams,
    query: z.object({ allSessions: z.enum(['true', 'false']).optional() }).strict(),
    response: z.array(tradeSchema),
    handler: ({ params, query }) => {
      statusOf(params.name);
      return tradesFromJournal(live, [params.name], query.allSessions === 'true');
    },
  });
  table.add({
    method: 'GET',
    url: '/api/v1/journal',
    summary: "journal entries, oldest first: by instance, kinds (comma-separated), since (ISO-8601 or epoch ms), the newest `limit`, with latestSession=true only each instance's latest run (its last start entry on); with afterId, the first `limit` entries after that id (a tail)",
    role: 'viewer',
    query: z.object({ instance: z.string().min(1).optional(), kind: kindsSchema.optional(), since: dateQuery.optional(), afterId: queryInt(0, Number.MAX_SAFE_INTEGER).optional(), limit: queryInt(1, 10_000).default(1_000), latestSession: z.enum(['true', 'false']).optional() }).strict(),
    response: z.array(journalEntrySchema),
    handler: ({ query }) => {
      if (query.afterId !== undefined) {
        if (query.kind !== undefined || query.since !== undefined || query.latestSession !== undefined) throw new ApiError(400, 'BAD_VALUE', 'query.afterId: a tail takes instance and limit only, not kind, since or latestSession');
        return live.journal.after(query.afterId, query.limit, query.instance);
      }
      const filter = { ...(query.instance === undefined ? {} : { instances: [query.instance] }), ...(query.kind === undefined ? {} : { kinds: query.kind }), ...(query.since === undefined ? {} : { since: query.since }), limit: query.limit };
      // The newest `limit` entries, then those of the latest run: an instance's latest run is its newest entries.
      return sessionEntries(live, filter, query.latestSession !== 'true');
    },
  });
  table.add({
    method: 'GET',
    url: '/api/v1/kill-events',
    summary: "the kill switch's triggers (kill, close-all, resume, pause, unpause) with their outcomes, newest first",
    role: 'viewer',
    query: z.object({ limit: queryInt(1, 1_000).default(100) }).strict(),
    response: z.array(killEventSchema),
    handler: ({ query }) => live.kills.events(query.limit),
  });
}

/** 404 UNKNOWN_INSTANCE naming the instances the store knows. */
export function unknownInstance(context: ApiContext, name: string): ApiError {
  const known = [...new Set([...fleetStatus(context).instances.map((s) => s.instance), ...context.workspace.live.kills.knownInstances()])];
  return new ApiError(404, 'UNKNOWN_INSTANCE', `no instance '${name}' (${known.length === 0 ? 'no fleet has run on this store yet' : `known: ${known.join(', ')}`})`);
}
