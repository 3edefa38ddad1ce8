export { RiskEngine } from './risk-engine.ts';
export type { RiskLimits, RiskState, RiskDecision, Protection } from './risk-engine.ts';
