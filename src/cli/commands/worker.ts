// `rampart worker --redis URL`: runs distributed sweep jobs on this machine until stopped.
import type { Command } from 'commander';
import { startQueueWorker } from '../../research/sweep/distributed/index.ts';
import { InputError } from '../../core/index.ts';
import { openStore } from '../../store/index.ts';
import { globalOptions } from '../global-options.ts';
import { parseNumberFlag } from '../parse-values.ts';
import { commandDescription } from '../command-table.ts';

/** Shortest job lock accepted: a batch of scenarios takes up to a few seconds. */
const MIN_LOCK_MS = 1000;

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(commandDescription('worker'))
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .option('--concurrency <n>', 'jobs at once in this process', '1')
    .option('--lock-ms <ms>', 'job lock; a dead worker\'s job is retried elsewhere after this', '30000')
    .action(async (flags: { redis: string; concurrency: string; lockMs: string }, command: Command) => {
      const lockMs = parseNumberFlag('lock-ms', flags.lockMs);
      const concurrency = parseNumberFlag('concurrency', flags.concurrency);
      // A lock shorter than a batch of scenarios makes every job look abandoned and run again elsewhere.
      if (lockMs < MIN_LOCK_MS) throw new InputError(`--lock-ms ${flags.lockMs} is ${lockMs} ms, shorter than a job runs; it is in milliseconds (30000 = 30 s), at least ${MIN_LOCK_MS}`);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError(`--concurrency must be a positive integer, got '${flags.concurrency}'`);
      const store = openStore(globalOptions(command).db);
      const worker = await startQueueWorker({
        url: flags.redis,
        store,
        lockMs,
        concurrency,
        onJob: (id, scenarios) => console.log(`job ${id}: ${scenarios} scenarios done`),
      });
      console.log(`worker ready on ${flags.redis} (pid ${process.pid}); Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        const stop = (): void => void worker.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      store.close();
    });
}
