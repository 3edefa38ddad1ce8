// The sweep side of distributed runs: scenarios become BullMQ jobs (one per batch, with ids derived
// from the sweep, so a resumed sweep never enqueues a batch twice), and finished jobs' results are
// collected by polling. Workers on any machine process the jobs; a killed worker's job is retried
// elsewhere once its lock expires. A result is only taken from a completed job and stored under its
// scenario key, so nothing is counted twice.
import { Queue } from 'bullmq';
import { InvariantError } from '../../../core/index.ts';
import type { Metrics } from '../../../core/index.ts';
import type { ScenarioInput } from '../run-scenario.ts';
import type { ScenarioJob, ScenarioJobResult } from './jobs.ts';
import { bullOptions, checkRedis, SWEEP_QUEUE } from './redis.ts';

export interface DistributedRun {
  readonly url: string;
  /** Identifies the sweep; job ids start with it. */
  readonly sweepKey: string;
  readonly strategy: string;
  readonly onResult: (index: number, metrics: Metrics) => void;
  readonly shouldStop?: (() => boolean) | undefined;
  /** How often finished jobs are collected. */
  readonly pollMs?: number;
}

const BATCH = 25;

export async function runDistributed(scenarios: readonly ScenarioInput[], run: DistributedRun): Promise<void> {
  const target = await checkRedis(run.url);
  const queue = new Queue<ScenarioJob, ScenarioJobResult>(SWEEP_QUEUE, bullOptions(target));
  try {
    const remaining = new Set<string>();
    const jobs = [];
    for (let i = 0; i < scenarios.length; i += BATCH) {
      const batch = scenarios.slice(i, i + BATCH);
      const jobId = `${run.sweepKey}-${batch[0]!.index}-${batch.length}`;
      remaining.add(jobId);
      jobs.push({ name: 'scenarios', data: { strategy: run.strategy, scenarios: batch }, opts: { jobId, attempts: 3, backoff: { type: 'fixed', delay: 500 } } });
    }
    await queue.addBulk(jobs);
    const wanted = new Set(scenarios.map((s) => s.index));
    while (remaining.size > 0 && run.shouldStop?.() !== true) {
      await collect(queue, remaining, wanted, run.onResult);
      if (remaining.size > 0) await new Promise((resolve) => setTimeout(resolve, run.pollMs ?? 100));
    }
  } finally {
    await queue.close();
  }
}

async function collect(queue: Queue<ScenarioJob, ScenarioJobResult>, remaining: Set<string>, wanted: Set<number>, onResult: DistributedRun['onResult']): Promise<void> {
  for (const id of [...remaining]) {
    const state = await queue.getJobState(id);
    if (state !== 'completed' && state !== 'failed') continue;
    // Fetched after the state check, so the job carries its return value.
    const job = await queue.getJob(id);
    if (job === undefined) continue;
    if (state === 'failed') throw new InvariantError(`distributed sweep job ${id} failed: ${job.failedReason}`);
    for (const result of job.returnvalue.results) {
      if (wanted.delete(result.index)) onResult(result.index, result.metrics);
    }
    remaining.delete(id);
    await job.remove();
  }
}
