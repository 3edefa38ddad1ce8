// The trading kernel every mode drives: the fill model, the simulated broker, the metrics.
export { SimBroker } from './broker.ts';
export type { BrokerSettings } from './broker.ts';
export { roundDownToStep, roundToTick, limitFillPrice, stopFillPrice, withSlippage } from './fill-model.ts';
export { computeMetrics, drawdownPct } from './metrics.ts';
export { TradeTally } from './trade-tally.ts';
export { equityPoints } from './equity-points.ts';
