export { RiskEngine } from './risk-engine.ts';
export type { RiskLimits, RiskState, RiskDecision } from './risk-engine.ts';
