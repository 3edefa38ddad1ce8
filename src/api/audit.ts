// The audit hook: every answer of a mutating route (its declaration names an action) is appended
// to the store's audit log before it is sent, whatever the outcome: done, refused (401, 403, 400,
// 409, 429, …) or failed (5xx).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../core/index.ts';
import type { AuditStore } from '../store/index.ts';
import type { RouteTable } from './route.ts';

export function auditMutations(app: FastifyInstance, audit: AuditStore, table: RouteTable, clock: Clock): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const { action, target } = request.routeOptions.config;
    if (action === undefined) return payload;
    const note = table.notes.get(request) ?? {};
    const status = reply.statusCode;
    audit.append({
      time: clock.now(),
      actor: note.user?.name ?? 'anonymous',
      role: note.user?.role ?? null,
      action,
      route: `${request.method} ${request.url.split('?')[0]}`,
      target: targetOf(request, target),
      ip: request.ip,
      outcome: status < 400 ? 'ok' : status < 500 ? 'refused' : 'failed',
      status,
      detail: status >= 400 ? errorCodeOf(payload) : (note.detail ?? null),
    });
    return payload;
  });
}

function targetOf(request: FastifyRequest, target: ((params: never, body: never) => string | null) | undefined): string | null {
  if (target === undefined) return null;
  try {
    return target((request.params ?? {}) as never, (request.body ?? {}) as never);
  } catch {
    return null;
  }
}

/** The `error.code` of an error answer's JSON. */
function errorCodeOf(payload: unknown): string | null {
  if (typeof payload !== 'string') return null;
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
