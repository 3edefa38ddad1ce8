// Long work started through the API (backtests, sweeps) as jobs: started at once, answered with a
// job id, run one at a time per kind in this process (a sweep already uses every core), their
// progress and outcome kept in memory while the server runs; what they produce is stored (runs,
// sweep results) and outlives the server.
export type JobKind = 'backtest' | 'sweep';

export interface Job {
  readonly id: number;
  readonly kind: JobKind;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** UTC ms. */
  readonly createdAt: number;
  finishedAt: number | null;
  /** Scenarios (sweep) or 0/1 (backtest) done of the total. */
  progress: { done: number; total: number };
  /** The stored run's id (backtest) or the sweep's id, once done. */
  resultId: number | null;
  /** One line, when it failed. */
  error: string | null;
  /** Who started it. */
  readonly by: string;
}

/** How many finished jobs are remembered (older ones are forgotten; their results stay stored). */
const KEEP_FINISHED = 200;

export class JobQueue {
  private nextId = 1;
  private readonly jobs = new Map<number, Job>();
  private readonly chains = new Map<JobKind, Promise<void>>();

  constructor(private readonly now: () => number) {}

  /**
   * Queues `work` after the jobs of its kind; it reports progress through `progress` and returns
   * the id of what it stored. Its error becomes the job's one-line error. Returns the job.
   */
  start(kind: JobKind, by: string, work: (progress: (done: number, total: number) => void) => Promise<number>): Job {
    const job: Job = { id: this.nextId++, kind, status: 'queued', createdAt: this.now(), finishedAt: null, progress: { done: 0, total: 0 }, resultId: null, error: null, by };
    this.jobs.set(job.id, job);
    const run = async (): Promise<void> => {
      job.status = 'running';
      try {
        job.resultId = await work((done, total) => {
          job.progress = { done, total };
        });
        job.status = 'done';
      } catch (error) {
        job.status = 'failed';
        job.error = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
      } finally {
        job.finishedAt = this.now();
        this.forgetOld();
      }
    };
    this.chains.set(kind, (this.chains.get(kind) ?? Promise.resolve()).then(run));
    return job;
  }

  get(id: number): Job | undefined {
    return this.jobs.get(id);
  }

  /** Jobs of a kind, newest first. */
  list(kind: JobKind): Job[] {
    return [...this.jobs.values()].filter((job) => job.kind === kind).reverse();
  }

  /** Waits for every queued and running job (for a clean close). */
  async idle(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((job) => job.finishedAt !== null);
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(job.id);
  }
}
