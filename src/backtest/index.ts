export { backtestMetrics, runBacktest } from './engine.ts';
export type { RunOptions } from './engine.ts';
export { instanceBacktestInput, parseBacktestConfig, backtestConfigSchema } from './config.ts';
export type { BacktestConfigInput } from './config.ts';
export type * from './types.ts';
export { runBacktestJob, hashSeries } from './job.ts';
export type { BacktestJob, JobOptions } from './job.ts';
export { DEFAULT_WARMUP_CANDLES, describeWarmup } from './warmup.ts';
