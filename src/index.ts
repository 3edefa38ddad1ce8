// rampart's public surface for scripts and tools: the engine's building blocks.
export * from './core/index.ts';
export * as indicators from './indicators/index.ts';
export * as strategies from './strategies/index.ts';
export { runBacktest, runBacktestJob, parseBacktestConfig } from './backtest/index.ts';
export type { BacktestConfig, BacktestResult, Trade, Metrics } from './backtest/index.ts';
