// How a route is declared: method, path, the least role that may call it, zod schemas for its
// params, query, body and answer (strict: an unknown field is refused, naming it), and, for a
// mutating route, the action the audit log records. The table keeps every declaration, so the
// OpenAPI document (openapi.ts) lists exactly the routes served.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiRole, ApiUser, UserStore } from '../store/index.ts';
import { authenticate, roleAtLeast } from './auth.ts';
import { ApiError, describeZodError, zodErrorCode } from './errors.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a handler is given: the parsed input, the signed-in user (undefined on a public route). */
export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly user: ApiUser | undefined;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  readonly method: HttpMethod;
  /** Fastify's path syntax: `/api/v1/instances/:name`. */
  readonly url: string;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /** The least role that may call it; absent for a public route. */
  readonly role?: ApiRole;
  /** The audited action of a mutating route (`kill`, `config.write`, …); absent for a read. */
  readonly action?: string;
  /** What the call acts on, for the audit log (an instance name, `*` for the fleet, a job id). */
  readonly target?: (params: P, body: B) => string | null;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /** The answer's schema (OpenAPI); absent for a route that streams or serves files. */
  readonly response?: z.ZodType<R>;
  /** The success status (default 200). */
  readonly status?: number;
  /** Content type of the answer when it is not JSON (`text/event-stream`). */
  readonly produces?: string;
  handler(input: RouteInput<P, Q, B>): Promise<R> | R;
}

/** What the audit hook needs to know of a request (set as it is handled). */
export interface AuditNote {
  user?: ApiUser;
  /** Error code or a forced promotion's reason. */
  detail?: string;
}

/** Routes as declared, to register on a server and to list in the OpenAPI document. */
export class RouteTable {
  readonly routes: RouteSpec[] = [];
  /** Per request: who called and what to add to its audit entry. */
  readonly notes = new WeakMap<FastifyRequest, AuditNote>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly users: UserStore,
  ) {}

  /** The methods of the routes declared at `path` (a request's path, no query), e.g. ['POST'] for /api/v1/fleet/kill; none when no route has it. */
  methodsAt(path: string): HttpMethod[] {
    const methods = this.routes.filter((spec) => patternOf(spec.url).test(path)).map((spec) => spec.method);
    return [...new Set(methods)];
  }

  add<P, Q, B, R>(spec: RouteSpec<P, Q, B, R>): void {
    this.routes.push(spec as RouteSpec);
    this.app.route({
      method: spec.method,
      url: spec.url,
      config: { action: spec.action, target: spec.target as ((params: never, body: never) => string | null) | undefined },
      handler: async (request, reply) => {
        const note: AuditNote = {};
        this.notes.set(request, note);
        let user: ApiUser | undefined;
        if (spec.role !== undefined) {
          user = authenticate(request, this.users);
          note.user = user;
          if (!roleAtLeast(user.role, spec.role)) throw new ApiError(403, 'FORBIDDEN', `${spec.method} ${spec.url} needs the ${spec.role} role; ${user.name} is ${user.role}`);
        }
        const params = parse('params', spec.params, request.params);
        const query = parse('query', spec.query, request.query);
        // A POST with no body is an empty object: the schema then names what is missing.
        const body = parse('body', spec.body, request.body ?? (spec.body === undefined ? undefined : {}));
        const result = await spec.handler({ params, query, body, user, request, reply } as RouteInput<P, Q, B>);
        if (reply.sent) return reply;
        // A handler that set a status of its own (readyz's 503) keeps it.
        if (reply.statusCode === 200) reply.status(spec.status ?? 200);
        return reply.send(result);
      },
    });
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The audited action of a mutating route. */
    action?: string | undefined;
    target?: ((params: never, body: never) => string | null) | undefined;
  }
}

/** A route's path as a regular expression: each `:param` one path segment. */
function patternOf(url: string): RegExp {
  const source = url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^${source}/?$`);
}

function parse<T>(where: string, schema: z.ZodType<T> | undefined, value: unknown): T {
  if (schema === undefined) {
    if (value !== undefined && !(typeof value === 'object' && value !== null && Object.keys(value).length === 0)) {
      throw new ApiError(400, 'UNKNOWN_FIELD', `${where}: this route takes none`);
    }
    return undefined as T;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, zodErrorCode(parsed.error), describeZodError(where, parsed.error));
  return parsed.data;
}
