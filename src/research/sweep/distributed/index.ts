export { runDistributed } from './coordinator.ts';
export type { DistributedRun } from './coordinator.ts';
export { startQueueWorker } from './queue-worker.ts';
export type { QueueWorkerOptions } from './queue-worker.ts';
export { checkRedis, parseRedisUrl, SWEEP_QUEUE } from './redis.ts';
