// The audit log, newest first: operators and admins.
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { RouteTable } from '../route.ts';
import { queryInt } from '../schemas.ts';

const auditEntrySchema = z.object({
  id: z.number().int(),
  time: z.number().int(),
  actor: z.string(),
  role: z.string().nullable(),
  action: z.string(),
  route: z.string(),
  target: z.string().nullable(),
  ip: z.string(),
  outcome: z.enum(['ok', 'refused', 'failed']),
  status: z.number().int(),
  detail: z.string().nullable(),
});

export function registerAuditRoutes(table: RouteTable, context: ApiContext): void {
  table.add({
    method: 'GET',
    url: '/api/v1/audit',
    summary: 'the audit log of mutating calls, newest first (after an id, the newest `limit`)',
    role: 'operator',
    query: z.object({ afterId: queryInt(0, Number.MAX_SAFE_INTEGER).optional(), limit: queryInt(1, 1_000).default(100) }).strict(),
    response: z.array(auditEntrySchema),
    handler: ({ query }) => context.workspace.live.audit.list({ ...(query.afterId === undefined ? {} : { afterId: query.afterId }), limit: query.limit }),
  });
}
