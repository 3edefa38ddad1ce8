// `rampart worker --redis URL`: runs distributed sweep jobs on this machine until stopped.
import type { Command } from 'commander';
import { startQueueWorker } from '../../backtest/sweep/distributed/index.ts';
import { openStore } from '../../store/index.ts';
import { globalOptions } from '../global-options.ts';
import { parseNumberFlag } from '../parse-values.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('process distributed sweep jobs from Redis (start one or more per machine)')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .option('--concurrency <n>', 'jobs at once in this process', '1')
    .option('--lock-ms <ms>', 'job lock; a dead worker\'s job is retried elsewhere after this', '30000')
    .action(async (flags: { redis: string; concurrency: string; lockMs: string }, command: Command) => {
      const store = openStore(globalOptions(command).db);
      const worker = await startQueueWorker({
        url: flags.redis,
        store,
        lockMs: parseNumberFlag('lock-ms', flags.lockMs),
        concurrency: parseNumberFlag('concurrency', flags.concurrency),
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
