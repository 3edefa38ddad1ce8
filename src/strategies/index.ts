export type { Strategy, StrategyContext, StrategyDefinition, ParamSpec, ParamValue, Params, Intent } from './strategy.ts';
export { BUILT_IN_STRATEGIES, builtInStrategy, resolveStrategy, loadStrategyFile, isStrategyFile } from './registry.ts';
export { resolveParams, resolveParamValues } from './params.ts';
export { CrossDetector } from './cross.ts';
export { GridBook } from './grid-book.ts';
