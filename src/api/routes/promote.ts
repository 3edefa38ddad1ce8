// POST /api/v1/instances/:name/promote: one rung up the ladder, written to the fleet file
// (atomically, with a .bak), effective at the instance's next start. Operators within the gates
// (promotion.ts); admins may force past them with a reason, which the audit log keeps.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { INSTANCE_MODES, readFleetFile } from '../../config/index.ts';
import { roleAtLeast } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { replaceFleetFile } from '../fleet-file-write.ts';
import { judgeGates, nextMode } from '../promotion.ts';
import type { PromotionGates } from '../promotion.ts';
import type { RouteTable } from '../route.ts';
import { instanceParams } from '../schemas.ts';
import { fleetFileOf } from './config.ts';

const gateSchema = z.object({ gate: z.string(), ok: z.boolean(), detail: z.string() });

export function registerPromoteRoutes(table: RouteTable, context: ApiContext, gates: PromotionGates): void {
  table.add({
    method: 'POST',
    url: '/api/v1/instances/:name/promote',
    summary: 'promote an instance one rung (shadow → paper → testnet → canary → live) in the fleet file, effective at its next start; operators within the gates, admins may force with a reason',
    role: 'operator',
    action: 'promote',
    target: (params) => params.name,
    params: instanceParams,
    body: z.object({ to: z.enum(INSTANCE_MODES), force: z.boolean().default(false), reason: z.string().trim().min(1).max(500).optional() }).strict(),
    response: z.object({ instance: z.string(), from: z.enum(INSTANCE_MODES), to: z.enum(INSTANCE_MODES), forced: z.boolean(), gates: z.array(gateSchema), message: z.string() }),
    handler: ({ params, body, user, request }) => {
      const file = fleetFileOf(context);
      const config = readFleetFile(file);
      const index = config.instances.findIndex((i) => i.name === params.name);
      if (index < 0) throw new ApiError(404, 'UNKNOWN_INSTANCE', `no instance '${params.name}' in ${file} (its instances: ${config.instances.map((i) => i.name).join(', ')})`);
      const from = config.instances[index]!.mode;
      const next = nextMode(from);
      if (next === undefined) throw new ApiError(409, 'ALREADY_LIVE', `${params.name} is live already: there is no rung above`);
      if (body.to !== next) throw new ApiError(409, 'ONE_RUNG_ONLY', `${params.name} is in ${from}: it may go to ${next} only (one rung at a time), not ${body.to}`);
      if (body.force && !roleAtLeast(user!.role, 'admin')) throw new ApiError(403, 'FORBIDDEN', `a forced promotion needs the admin role; ${user!.name} is ${user!.role}`);
      if (body.force && body.reason === undefined) throw new ApiError(400, 'REASON_REQUIRED', 'body.reason: a forced promotion must say why (it goes in the audit log)');
      const results = judgeGates(context.workspace.live, params.name, from, next, config, gates, context.workspace.clock.now());
      const failed = results.filter((r) => !r.ok);
      if (failed.length > 0 && !body.force) throw new ApiError(409, 'GATES_NOT_MET', `${params.name} may not go ${from} → ${next} yet: ${failed.map((r) => `${r.gate}: ${r.detail}`).join('; ')}`);
      const doc = parseDocument(readFileSync(file, 'utf8'));
      if (doc.has('instances')) doc.setIn(['instances', index, 'mode'], next);
      else doc.set('mode', next);
      replaceFleetFile(file, doc.toString());
      if (body.force) table.notes.get(request)!.detail = `forced past ${failed.map((r) => r.gate).join(', ') || 'no failed gate'}: ${body.reason}`;
      return { instance: params.name, from, to: next, forced: body.force, gates: results, message: `${params.name}: ${from} → ${next} written to ${file} (previous kept as ${file}.bak); effective at the instance's next start` };
    },
  });
}
