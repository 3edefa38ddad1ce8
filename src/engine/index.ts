// The trading kernel every mode drives (backtest, paper, live): strategy → risk → venue orders,
// a portfolio fed by fills, sizing, the simulated venue with the fill model, and the metrics.
export { TradingKernel } from './kernel.ts';
export type { KernelParts, OrderSizing, RestoredProtection } from './kernel.ts';
export type { ApprovedOrder, OrderQuantity, OrderRole, Protection, Venue, VenueFill, VenueListener, VenueOrder } from './venue.ts';
export { unheardListener } from './venue.ts';
export { SimulatedVenue } from './simulated-venue.ts';
export { kernelOnVenue, simulatedKernel } from './simulated-kernel.ts';
export type { KernelRiskOptions, KernelSettings, SimulatedKernelSettings } from './simulated-kernel.ts';
export type { SimulatedVenueSettings } from './simulated-venue.ts';
export { Portfolio } from './portfolio.ts';
export type { AccountView } from './portfolio.ts';
export { entryQuantity } from './sizing.ts';
export type { SizingSettings } from './sizing.ts';
export { filterRefusal, formatAmount } from './order-filters.ts';
export { roundDownToStep, roundToTick, limitFillPrice, stopFillPrice, withSlippage } from './fill-model.ts';
export { computeMetrics, drawdownPct } from './metrics.ts';
export { TradeTally } from './trade-tally.ts';
export { equityPoints } from './equity-points.ts';
