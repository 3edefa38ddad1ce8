export type { Strategy, StrategyContext, StrategyDefinition, ParamSpec, ParamValue, Params, Intent } from './strategy.ts';
export { BUILT_IN_STRATEGIES, builtInStrategy, resolveStrategy, loadStrategyFile, isStrategyFile, strategyDisplayName, strategyLabel } from './registry.ts';
export { strategyFailure } from './strategy-error.ts';
export type { StrategyLabel, StrategyPhase } from './strategy-error.ts';
export { resolveParams, resolveParamValues } from './params.ts';
export { CrossDetector } from './cross.ts';
export { macdCrosses } from './macd-cross.ts';
export { GridBook } from './grid-book.ts';
export { starterStrategy, STRATEGY_NAME } from './starter.ts';
