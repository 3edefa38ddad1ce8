// Acting on the fleet: kill, close-all and resume (the fleet or one instance) through the kill
// store's triggers, the very path `rampart kill` takes, so the running fleet (in this process or
// another) carries them out; pause (no new entries, exits allowed: `reducing`) and unpause of an
// instance. A kill, close-all or resume must carry a confirmation: `KILL`, `CLOSE-ALL` or `RESUME`
// for the fleet, the instance's name for one instance; without it nothing changes (400
// CONFIRMATION_REQUIRED). Operators and admins.
import { z } from 'zod';
import { runningInstances } from '../../live/index.ts';
import { describeScope, FLEET_SCOPE } from '../../store/index.ts';
import type { ApiUser } from '../../store/index.ts';
import type { ApiContext } from '../context.ts';
import { fleetStatus } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import { flagSchema, instanceParams, killEventSchema } from '../schemas.ts';
import { unknownInstance } from './fleet.ts';

const ACTIONS = ['kill', 'close-all', 'resume'] as const;

const reasonSchema = z.string().trim().min(1).max(500).optional();
const confirmBody = z.object({ confirm: z.string().max(200).optional(), reason: reasonSchema }).strict();
const triggerAnswer = z.object({
  event: killEventSchema,
  flag: flagSchema.nullable(),
  wasSet: z.boolean(),
  /** A fleet runs the scope: it carries the trigger out within its kill poll; else at its next start. */
  running: z.boolean(),
  message: z.string(),
});

export function registerControlRoutes(table: RouteTable, context: ApiContext): void {
  const { live, clock } = context.workspace;
  const trigger = (scope: string, action: (typeof ACTIONS)[number], confirm: string | undefined, reason: string | undefined, user: ApiUser) => {
    const expected = scope === FLEET_SCOPE ? action.toUpperCase() : scope;
    if (confirm !== expected) {
      throw new ApiError(400, 'CONFIRMATION_REQUIRED', `${action} of ${describeScope(scope)} needs body.confirm = "${expected}"${confirm === undefined ? '' : ` (got "${confirm}")`}; nothing was changed`);
    }
    if (scope !== FLEET_SCOPE) knownInstance(context, scope);
    const result = live.kills.trigger({ scope, action, source: 'api', reason: `${reason ?? `${action} from the API`} (by ${user.name})`, time: clock.now() });
    const running = context.fleet !== undefined || runningInstances(live).some((held) => scope === FLEET_SCOPE || held.instance === scope);
    const message = action === 'resume'
      ? result.event.outcome!
      : `${action} of ${describeScope(scope)}: ${result.wasSet ? 'already halted' : 'halted: the flag is set'}; request #${result.event.id} ${running ? 'is carried out by the running fleet within its kill poll' : 'is carried out when the fleet starts'}`;
    return { event: result.event, flag: result.flag ?? null, wasSet: result.wasSet, running, message };
  };
  for (const action of ACTIONS) {
    table.add({
      method: 'POST',
      url: `/api/v1/fleet/${action}`,
      summary: `${action} the whole fleet (body.confirm must be "${action.toUpperCase()}")`,
      role: 'operator',
      action,
      target: () => FLEET_SCOPE,
      body: confirmBody,
      response: triggerAnswer,
      status: 202,
      handler: ({ body, user }) => trigger(FLEET_SCOPE, action, body.confirm, body.reason, user!),
    });
    table.add({
      method: 'POST',
      url: `/api/v1/instances/:name/${action}`,
      summary: `${action} one instance (body.confirm must be the instance's name)`,
      role: 'operator',
      action,
      target: (params) => params.name,
      params: instanceParams,
      body: confirmBody,
      response: triggerAnswer,
      status: 202,
      handler: ({ params, body, user }) => trigger(params.name, action, body.confirm, body.reason, user!),
    });
  }
  const pauseAnswer = z.object({ event: killEventSchema, wasSet: z.boolean(), message: z.string() });
  for (const action of ['pause', 'unpause'] as const) {
    table.add({
      method: 'POST',
      url: `/api/v1/instances/:name/${action}`,
      summary: action === 'pause' ? 'pause an instance: no new entries, exits allowed (the reducing trading state), from its next candle' : "lift an instance's pause",
      role: 'operator',
      action,
      target: (params) => params.name,
      params: instanceParams,
      body: z.object({ reason: reasonSchema }).strict(),
      response: pauseAnswer,
      handler: ({ params, body, user }) => {
        knownInstance(context, params.name);
        const change = { scope: params.name, source: 'api' as const, reason: `${body.reason ?? `${action} from the API`} (by ${user!.name})`, time: clock.now() };
        const result = action === 'pause' ? live.kills.pause(change) : live.kills.unpause(change);
        return { ...result, message: result.event.outcome! };
      },
    });
  }
}

/** Throws 404 UNKNOWN_INSTANCE unless the instance is one the store or the fleet knows. */
function knownInstance(context: ApiContext, name: string): void {
  const known = context.workspace.live.kills.knownInstances().includes(name) || fleetStatus(context).instances.some((s) => s.instance === name);
  if (!known) throw unknownInstance(context, name);
}
