// Backtests and sweeps through the src/app use cases, as jobs (jobs.ts): POST starts one (operator)
// and answers its job id; GET lists jobs and stored runs, shows one job's progress, and one stored
// run's or sweep's results (viewer). The body is the same settings a backtest config file or a
// sweep file holds, validated by the same schemas. A strategy file or a data file named by path is
// refused here: loading code or files from the server's disk is for its own command line.
import { z } from 'zod';
import { backtestAndStore, sweep } from '../../app/index.ts';
import { parseBacktestConfig } from '../../backtest/index.ts';
import type { BacktestConfigInput } from '../../backtest/index.ts';
import { parseSweepSpec } from '../../research/index.ts';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { JobQueue } from '../jobs.ts';
import type { RouteTable } from '../route.ts';
import { queryInt } from '../schemas.ts';

const jobSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['backtest', 'sweep']),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  resultId: z.number().int().nullable(),
  error: z.string().nullable(),
  by: z.string(),
});
const storedSweepSchema = z.object({
  id: z.number().int(),
  status: z.enum(['running', 'done', 'interrupted']),
  /** Scenarios the sweep was to run. */
  total: z.number().int(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  /** The sweep's settings as it stored them (strategy, symbols, timeframes, parameter ranges). */
  spec: z.unknown(),
});
const idParams = z.object({ id: queryInt(1, Number.MAX_SAFE_INTEGER) }).strict();
const settings = z.record(z.string(), z.unknown());

/** Refuses settings that would load a file from the server's disk (a strategy file, a candle file). */
function refuseFiles(where: string, input: Record<string, unknown>): void {
  if (input['dataFile'] !== undefined) throw new ApiError(400, 'BAD_VALUE', `${where}.dataFile: candle files are not read through the API; import them with rampart data import`);
  const strategy = input['strategy'];
  if (typeof strategy === 'string' && /[/\\]|\.(ts|js|mjs|mts)$/.test(strategy)) throw new ApiError(400, 'BAD_VALUE', `${where}.strategy: strategy files are not loaded through the API; name a built-in strategy`);
}

/** `workers`: the sweeps' worker threads. */
export function registerResearchRoutes(table: RouteTable, context: ApiContext, jobs: JobQueue, workers: number): void {
  const { workspace } = context;
  table.add({
    method: 'POST',
    url: '/api/v1/backtests',
    summary: "start a backtest (body.config: a backtest config's settings); answers the job, whose resultId is the stored run's id",
    role: 'operator',
    action: 'backtest.start',
    body: z.object({ config: settings }).strict(),
    response: jobSchema,
    status: 202,
    handler: ({ body, user }) => {
      refuseFiles('body.config', body.config);
      const config = parseBacktestConfig(body.config as BacktestConfigInput);
      return jobs.start('backtest', user!.name, async (progress) => {
        progress(0, 1);
        const { runId } = await backtestAndStore(config, workspace);
        progress(1, 1);
        return runId;
      });
    },
  });
  table.add({
    method: 'GET',
    url: '/api/v1/backtests',
    summary: "this server's backtest jobs and the stored backtest runs (newest first)",
    role: 'viewer',
    query: z.object({ limit: queryInt(1, 500).default(50) }).strict(),
    response: z.object({ jobs: z.array(jobSchema), runs: z.array(z.object({ id: z.number().int(), kind: z.string(), createdAt: z.number().int(), summary: z.unknown() })) }),
    handler: ({ query }) => ({ jobs: jobs.list('backtest'), runs: workspace.store.runs.list(query.limit).map((run) => ({ id: run.id, kind: run.kind, createdAt: run.createdAt, summary: run.summary })) }),
  });
  table.add({
    method: 'GET',
    url: '/api/v1/backtests/:id',
    summary: "a stored backtest run: its config (data source included) and results",
    role: 'viewer',
    params: idParams,
    response: z.object({ id: z.number().int(), kind: z.string(), createdAt: z.number().int(), config: z.unknown(), summary: z.unknown() }),
    handler: ({ params }) => {
      const run = workspace.store.runs.get(params.id);
      if (run === undefined) throw new ApiError(404, 'NOT_FOUND', `no stored run ${params.id}`);
      return run;
    },
  });
  table.add({
    method: 'GET',
    url: '/api/v1/jobs/:id',
    summary: 'one backtest or sweep job: status, progress, the stored id of its result, its error',
    role: 'viewer',
    params: idParams,
    response: jobSchema,
    handler: ({ params }) => {
      const job = jobs.get(params.id);
      if (job === undefined) throw new ApiError(404, 'NOT_FOUND', `no job ${params.id} (jobs live while the server runs)`);
      return job;
    },
  });
  table.add({
    method: 'POST',
    url: '/api/v1/sweeps',
    summary: "start a sweep (body.spec: a sweep file's settings; resume continues the newest of the same settings and data); answers the job, whose resultId is the sweep's id",
    role: 'operator',
    action: 'sweep.start',
    body: z.object({ spec: settings, resume: z.boolean().default(false), yes: z.boolean().default(false) }).strict(),
    response: jobSchema,
    status: 202,
    handler: ({ body, user }) => {
      refuseFiles('body.spec', body.spec);
      const spec = parseSweepSpec(body.spec);
      return jobs.start('sweep', user!.name, async (progress) => {
        const ranked = await sweep({ spec, workers, resume: body.resume, yes: body.yes }, workspace, { onProgress: progress });
        return ranked.outcome.sweepId;
      });
    },
  });
  table.add({
    method: 'GET',
    url: '/api/v1/sweeps',
    summary: "every stored sweep (whoever ran it: this server, `rampart sweep`, workers), newest first, and this server's sweep jobs",
    role: 'viewer',
    query: z.object({ limit: queryInt(1, 1_000).default(100) }).strict(),
    response: z.object({ sweeps: z.array(storedSweepSchema), jobs: z.array(jobSchema) }),
    handler: async ({ query }) => ({
      sweeps: (await workspace.results.list(query.limit)).map((stored) => ({ id: stored.id, status: stored.status, total: stored.total, createdAt: stored.createdAt, finishedAt: stored.finishedAt, spec: stored.spec })),
      jobs: jobs.list('sweep'),
    }),
  });
  table.add({
    method: 'GET',
    url: '/api/v1/sweeps/:id',
    summary: 'a stored sweep: its spec, status and every result row',
    role: 'viewer',
    params: idParams,
    response: z.object({ sweep: z.unknown(), results: z.array(z.unknown()) }),
    handler: async ({ params }) => {
      const stored = await workspace.results.get(params.id);
      if (stored === undefined) throw new ApiError(404, 'NOT_FOUND', `no stored sweep ${params.id}`);
      return { sweep: stored, results: await workspace.results.results(params.id) };
    },
  });
}
