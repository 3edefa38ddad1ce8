// The REST API server (fastify): routes under /api/v1 over the live store and the workspace,
// token auth with roles, the audit log of mutating calls, one JSON error shape, a body limit,
// rate limiting per token (or address), CORS closed (no Access-Control-Allow-Origin is ever
// sent, so a browser refuses other sites' pages the answers), logs without secrets.
import { cpus } from 'node:os';
import path from 'node:path';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pino } from 'pino';
import type { DestinationStream } from 'pino';
import type { Registry } from 'prom-client';
import type { Workspace } from '../app/index.ts';
import { packageInfo, redact } from '../core/index.ts';
import { auditMutations } from './audit.ts';
import { hashToken, tokenOf } from './auth.ts';
import type { ApiContext, FleetView } from './context.ts';
import { ApiError, errorBody, sendError } from './errors.ts';
import { registerEventRoutes } from './events.ts';
import type { EventOptions } from './events.ts';
import { registerHealthRoutes } from './health.ts';
import { FigureTracker } from './instance-figures.ts';
import { metricsRoute } from './metrics-route.ts';
import { registerOpenApiRoute } from './openapi.ts';
import { RouteTable } from './route.ts';
import { DEFAULT_PROMOTION_GATES } from './promotion.ts';
import type { PromotionGates } from './promotion.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerConfigRoutes } from './routes/config.ts';
import { registerExpectationRoutes } from './routes/expectation.ts';
import { registerKeyRoutes } from './routes/keys.ts';
import type { PassphraseSource } from './routes/keys.ts';
import { registerPromoteRoutes } from './routes/promote.ts';
import { registerResearchRoutes } from './routes/research.ts';
import { JobQueue } from './jobs.ts';
import { registerControlRoutes } from './routes/control.ts';
import { registerFleetRoutes } from './routes/fleet.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerUserRoutes } from './routes/users.ts';
import { serveStatic } from './static-files.ts';

export interface ApiServerOptions {
  /** The store, live records, sweep results and clock the routes work on (app/workspace.ts). */
  readonly workspace: Workspace;
  /** The fleet running in this process, if any: its status is read from it rather than the journal. */
  readonly fleet?: FleetView | undefined;
  /** The fleet file: GET/PUT /api/v1/config and promote work on it; absent, they answer 404 NO_FLEET_FILE. */
  readonly fleetFile?: string | undefined;
  /** The dashboard's folder, served at `/` (default `dist/web` of the package); a placeholder page when absent. */
  readonly webRoot?: string | undefined;
  /** The largest request body, bytes (default 64 KiB); larger is 413 BODY_TOO_LARGE. */
  readonly bodyLimit?: number;
  /** Requests per token (or address, before sign-in) per window (default 600 per 60 000 ms); more is 429 RATE_LIMITED. */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number };
  /** The gates of an operator's promotion (promotion.ts; defaults DEFAULT_PROMOTION_GATES). */
  readonly promotionGates?: Partial<PromotionGates> | undefined;
  /** Worker threads of the sweeps started through the API (default one per core). */
  readonly sweepWorkers?: number | undefined;
  /** Server-sent events: poll, status and heartbeat intervals, the per-client buffer bound. */
  readonly events?: EventOptions | undefined;
  /** The Prometheus registry served at GET /metrics (metrics/FleetMetrics.registry); no /metrics when absent. */
  readonly metrics?: Registry | undefined;
  /** The key store's passphrase, read on each call of the key routes (default: RAMPART_PASSPHRASE of the environment). */
  readonly passphrase?: PassphraseSource | undefined;
  /** Where the JSON-lines request log goes (tokens, cookies and registered secrets redacted); none when absent. */
  readonly log?: DestinationStream | undefined;
}

/** Header paths pino masks in any record that logs them. */
const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie', 'token', 'body.token', 'body.apiKey', 'body.secret'];

/**
 * The server, routes registered, not listening (call `listen({ host, port })`). The store must
 * stay open while it serves; closing the server does not close the store.
 */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const { workspace } = options;
  const sink = options.log;
  const loggerInstance = pino(
    { level: sink === undefined ? 'silent' : 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    sink === undefined ? undefined : { write: (line: string) => sink.write(redact(line)) },
  );
  // Typed as the default instance: the pino logger's own type is wider than fastify's base logger, to no use here.
  const app = Fastify({ loggerInstance, bodyLimit: options.bodyLimit ?? 64 * 1024, trustProxy: false }) as unknown as FastifyInstance;
  // Every body is JSON: a text/plain one would otherwise reach the routes as a string and be refused as a bad value, not as the wrong content type.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  const table = new RouteTable(app, workspace.live.users);
  app.setNotFoundHandler((request, reply) => noRoute(table, request, reply));
  const limit = options.rateLimit ?? { max: 600, windowMs: 60_000 };
  await app.register(rateLimit, {
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: (request) => {
      try {
        const token = tokenOf(request);
        if (token !== undefined) return `token:${hashToken(token)}`;
      } catch {
        // A malformed Authorization header: counted against the address.
      }
      return `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => new ApiError(429, 'RATE_LIMITED', `too many requests: at most ${context.max} per ${context.after}; try again later`),
  });
  const context: ApiContext = { workspace, fleet: options.fleet, fleetFile: options.fleetFile, figures: new FigureTracker(workspace.live) };
  auditMutations(app, workspace.live.audit, table, workspace.clock);
  registerHealthRoutes(table, context);
  registerSessionRoutes(table, context);
  registerFleetRoutes(table, context);
  registerControlRoutes(table, context);
  registerExpectationRoutes(table, context);
  registerAuditRoutes(table, context);
  registerConfigRoutes(table, context);
  registerUserRoutes(table, context);
  registerKeyRoutes(table, context, options.passphrase ?? (() => process.env['RAMPART_PASSPHRASE']));
  registerPromoteRoutes(table, context, { ...DEFAULT_PROMOTION_GATES, ...options.promotionGates });
  registerResearchRoutes(table, context, new JobQueue(() => workspace.clock.now()), options.sweepWorkers ?? Math.max(1, cpus().length));
  registerEventRoutes(app, table, context, options.events);
  registerOpenApiRoute(table, packageInfo().version);
  if (options.metrics !== undefined) await app.register(metricsRoute, { registry: options.metrics });
  serveStatic(app, options.webRoot ?? path.join(packageInfo().root, 'dist', 'web'), (request, reply) => noRoute(table, request, reply));
  return app;
}

/** 405 METHOD_NOT_ALLOWED with the Allow header when the path has routes of other methods, else 404 NOT_FOUND. */
function noRoute(table: RouteTable, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const url = request.url.split('?')[0]!;
  const allowed = table.methodsAt(url);
  if (allowed.length === 0) return reply.status(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${url}`));
  return reply.status(405).header('allow', allowed.join(', ')).send(errorBody('METHOD_NOT_ALLOWED', `${request.method} ${url} is not served; this route takes ${allowed.join(', ')}`));
}
