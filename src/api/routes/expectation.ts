// The backtest's expectation of an instance: its own settings from the fleet file, backtested over
// the window it traded live (its latest run's first to last candle in the journal, or the query's
// from/to) on the stored or bundled candles of its market, for the dashboard to draw beside the
// live equity.
import { z } from 'zod';
import { instanceExpectation } from '../../app/index.ts';
import { readFleetFile } from '../../config/index.ts';
import { timeframeMs } from '../../core/index.ts';
import { equityPoints } from '../../engine/index.ts';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import { dateQuery, instanceParams } from '../schemas.ts';
import { fleetFileOf } from './config.ts';

const expectationSchema = z.object({
  instance: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  source: z.string(),
  equity: z.array(z.object({ time: z.number().int(), equity: z.number() })),
  trades: z.array(z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
});

export function registerExpectationRoutes(table: RouteTable, context: ApiContext): void {
  const { live } = context.workspace;
  table.add({
    method: 'GET',
    url: '/api/v1/instances/:name/expectation',
    summary: "a backtest of the instance's settings in the fleet file over the window it traded live (or from/to: ISO-8601 or epoch ms, to exclusive): equity, trades, metrics",
    role: 'viewer',
    params: instanceParams,
    query: z.object({ from: dateQuery.optional(), to: dateQuery.optional() }).strict(),
    response: expectationSchema,
    handler: async ({ params, query }) => {
      const fleetFile = fleetFileOf(context);
      const config = readFleetFile(fleetFile);
      const instance = config.instances.find((i) => i.name === params.name);
      if (instance === undefined) throw new ApiError(404, 'UNKNOWN_INSTANCE', `no instance '${params.name}' in the fleet file ${fleetFile} (instances: ${config.instances.map((i) => i.name).join(', ')})`);
      let { from, to } = query;
      if (from === undefined || to === undefined) {
        const started = live.journal.latest('start').find((entry) => entry.instance === params.name);
        const span = live.journal.candleSpan(params.name, started?.id ?? 0);
        if (span === null) throw new ApiError(404, 'NO_LIVE_WINDOW', `instance '${params.name}' has no live candle in the journal yet; give from and to`);
        from ??= span.first;
        to ??= span.last + timeframeMs(instance.timeframe);
      }
      const job = await instanceExpectation({ instance, fleetFile, from, to }, context.workspace);
      const { result } = job;
      return {
        instance: params.name,
        from,
        to,
        source: job.source,
        equity: equityPoints(result.equity).map((point) => ({ time: point.time, equity: point.equity })),
        trades: [...result.trades],
        metrics: result.metrics as unknown as Record<string, unknown>,
      };
    },
  });
}
