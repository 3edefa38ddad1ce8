// One zod schema per part of a configuration; the backtest config, the sweep spec and the
// instance (deployment) config compose them, so a setting has one name and one default everywhere.
export { DEFAULT_EXCHANGE, DEFAULT_WARMUP_CANDLES, dataSelectionSchema, timeframeSchema } from './data-selection.ts';
export type { DataSelection } from './data-selection.ts';
export { DEFAULT_FEE, fillModelSchema, marketRulesOverrideSchema } from './fill-model.ts';
export type { FillModel } from './fill-model.ts';
export { DEFAULT_CASH, sizingProblem, sizingSchema } from './sizing.ts';
export type { Sizing } from './sizing.ts';
export { liveRiskLimitsSchema, riskLimitsSchema } from './risk-limits.ts';
export type { LiveRiskLimits, RiskLimits } from './risk-limits.ts';
export { CANARY_RISK_DEFAULTS, LIVE_RISK_DEFAULTS, resolveRiskLimits, riskDefaultsFor, withModeRiskDefaults } from './risk-defaults.ts';
export type { RiskDefaults, RiskMode } from './risk-defaults.ts';
export { DEFAULT_STRATEGY, paramValueSchema, strategySchema } from './strategy.ts';
export type { StrategyChoice } from './strategy.ts';
export { INSTANCE_MODES, INSTANCE_NAME, INSTANCE_VENUES, INSTANCE_RENAMED_KEYS, instanceSchema } from './instance.ts';
export type { InstanceConfig, InstanceConfigInput, InstanceMode, InstanceVenue } from './instance.ts';
export { CANARY_CAPS, canaryCapsSchema, fleetSchema, OVERRIDABLE_VENUES, simulatorVenueSchema } from './fleet.ts';
export type { CanaryCaps, FleetConfig, FleetConfigInput, OnStop, StartRetry } from './fleet.ts';
export { checkSizing, checkWindow } from './compose.ts';
