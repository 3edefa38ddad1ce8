// /healthz: the process answers. /readyz: it can do its job: the store answers, each running
// instance's market data is fresh (its last candle handled within 1.5 timeframes of the market's
// clock: the replay's, scaled by the simulator's speed, or the wall clock), exchange instances'
// candle feeds are live (the exchange is reachable), and no start-up recovery left a halt (the
// instance's record and the exchange agree). The body names every check and which failed.
import { readFleetFile } from '../config/index.ts';
import { timeframeMs } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';
import { MIN_STALE_MS } from '../live/index.ts';
import { z } from 'zod';
import { fleetStatus } from './context.ts';
import type { ApiContext } from './context.ts';
import type { RouteTable } from './route.ts';

/** How many timeframes of market time may pass after a candle closes before the data is stale. */
const STALE_TIMEFRAMES = 1.5;

const checkSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });
const readySchema = z.object({ ready: z.boolean(), checks: z.array(checkSchema) });
type Check = z.output<typeof checkSchema>;

export function registerHealthRoutes(table: RouteTable, context: ApiContext): void {
  table.add({
    method: 'GET',
    url: '/healthz',
    summary: 'the process is alive',
    response: z.object({ ok: z.literal(true) }),
    handler: () => ({ ok: true as const }),
  });
  table.add({
    method: 'GET',
    url: '/readyz',
    summary: 'ready: store reachable, market data fresh, exchange reachable, reconciliation clean (503 naming the failed checks otherwise)',
    response: readySchema,
    handler: ({ reply }) => {
      const checks = readiness(context);
      const ready = checks.every((check) => check.ok);
      reply.status(ready ? 200 : 503);
      return { ready, checks };
    },
  });
}

/** Every readiness check with its outcome. */
function readiness(context: ApiContext): Check[] {
  const { live, clock } = context.workspace;
  const checks: Check[] = [];
  let flags: ReturnType<typeof live.kills.flags>;
  try {
    flags = live.kills.flags();
  } catch (error) {
    return [{ name: 'store', ok: false, detail: `the store at ${live.path} does not answer: ${error instanceof Error ? error.message : String(error)}` }];
  }
  checks.push({ name: 'store', ok: true, detail: live.path });
  const running = fleetStatus(context).instances.filter((s) => s.state === 'running');
  const speeds = replaySpeeds(context.fleetFile);
  const handled = new Map(live.journal.latest('balance').map((entry) => [entry.instance, entry.time]));
  const now = clock.now();
  for (const status of running) {
    const tf = timeframeMs(status.timeframe as Timeframe);
    const at = handled.get(status.instance);
    const speed = speeds.get(status.instance) ?? 1;
    // Wall time since the last candle was handled, as market time: the replay runs `speed` times the wall clock.
    const wallAge = at === undefined ? Number.POSITIVE_INFINITY : now - at;
    const bound = Math.max((STALE_TIMEFRAMES * tf) / speed, speed > 1 ? MIN_STALE_MS : 0);
    checks.push({
      name: `data:${status.instance}`,
      ok: wallAge <= bound,
      detail: at === undefined ? 'no candle handled yet' : `last candle handled ${Math.round(wallAge)} ms ago (bound ${Math.round(bound)} ms: ${STALE_TIMEFRAMES} × ${status.timeframe}${speed > 1 ? ` at replay speed ${speed}` : ''})`,
    });
    if (!['paper', 'shadow'].includes(status.mode)) checks.push({ name: `exchange:${status.instance}`, ok: status.feed === 'live', detail: `candle feed ${status.feed}` });
  }
  const halts = flags.filter((flag) => flag.source === 'recovery');
  checks.push({ name: 'reconciliation', ok: halts.length === 0, detail: halts.length === 0 ? 'no recovery halt' : halts.map((flag) => `${flag.scope}: ${flag.reason}`).join('; ') });
  return checks;
}

/** Each instance's replay speed: the simulator's for instances on the in-process simulator, 1 otherwise. */
function replaySpeeds(fleetFile: string | undefined): Map<string, number> {
  if (fleetFile === undefined) return new Map();
  try {
    const config = readFleetFile(fleetFile);
    return new Map(config.instances.map((instance) => [instance.name, (instance.venue ?? config.venue) === 'simulator' ? config.simulator.speed : 1]));
  } catch {
    return new Map();
  }
}
