// Pre-trade risk: the RiskEngine every order passes, the fleet's shared state and exposure, the
// trading states, the refusal codes. `Approved` is exported as a type only: the engine alone
// makes approved orders, and venues take nothing else.
export { RiskEngine } from './risk-engine.ts';
export type { RiskDecision, RiskEngineOptions, Protection } from './risk-engine.ts';
export type { RiskLimits } from '../core/index.ts';
export type { OrderEstimate, RiskOrder, RiskOrderRole, RiskState } from './risk-order.ts';
export type { Approved } from './approved-order.ts';
export { FleetRisk } from './fleet-risk.ts';
export type { FleetLimits } from './fleet-risk.ts';
export { RISK_CODES } from './refusal.ts';
export type { RiskCode, RiskRefusal } from './refusal.ts';
export { TRADING_STATES, stricterState } from './trading-state.ts';
export type { StateWithReason, TradingState } from './trading-state.ts';
