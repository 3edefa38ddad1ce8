// Where each mode's risk limits come from: the one place the live defaults live. A backtest and
// paper trading get none (paper must trade exactly as the backtest does, and a backtest without
// limits must give today's results); shadow and testnet get the live set; canary and live add
// three entries a day, and canary its own hard caps. A value in the file wins; null switches a
// default off.
import { SWITCHABLE_LIMITS, switchableLimits } from '../../core/index.ts';
import type { RiskLimits } from '../../core/index.ts';
import type { InstanceMode } from './instance.ts';
import type { LiveRiskLimits, RiskLimits as RiskLimitSettings } from './risk-limits.ts';

/** Every mode of the deployment ladder, and the backtest. */
export type RiskMode = InstanceMode | 'backtest';

/** The limits a mode sets when the file leaves them out. */
export type RiskDefaults = Partial<Omit<RiskLimits, 'allowShort' | 'stopLossPct' | 'takeProfitPct'>>;

/**
 * The live defaults: max position 1% of equity (the seed study's M2), max single order 25% of
 * capital, price within 10% of the last trade, daily loss 5% (resets 00:00 UTC), drawdown pause
 * at 10% from the peak, volatility filter at ATR(14)/price 10% (only extreme candles: a bound
 * that holds on every timeframe), exchange filters checked before sending.
 */
export const LIVE_RISK_DEFAULTS: RiskDefaults = Object.freeze({
  maxPositionPct: 1,
  maxOrderPct: 25,
  maxPriceDeviationPct: 10,
  maxDailyLossPct: 5,
  maxDrawdownPct: 10,
  maxAtrPct: 10,
  checkFilters: true,
});

/** Canary: real money under hard caps of its own (issue: max position 2%, daily loss ≤ 50 quote, 3 entries a day). */
export const CANARY_RISK_DEFAULTS: RiskDefaults = Object.freeze({ ...LIVE_RISK_DEFAULTS, maxPositionPct: 2, maxDailyLoss: 50, maxTradesPerDay: 3 });

const BY_MODE: Readonly<Record<RiskMode, RiskDefaults>> = {
  backtest: {},
  paper: {},
  shadow: LIVE_RISK_DEFAULTS,
  testnet: LIVE_RISK_DEFAULTS,
  canary: CANARY_RISK_DEFAULTS,
  live: Object.freeze({ ...LIVE_RISK_DEFAULTS, maxTradesPerDay: 3 }),
};

/** The limits `mode` sets when the file leaves them out. */
export function riskDefaultsFor(mode: RiskMode): RiskDefaults {
  return BY_MODE[mode];
}

/**
 * The limits an instance's risk engine holds in `mode`: each the file's value, else the mode's
 * default, null in the file meaning off. Entries per day: Infinity when off.
 */
export function resolveRiskLimits(mode: RiskMode, settings: RiskLimitSettings & LiveRiskLimits): RiskLimits {
  const chosen = withModeRiskDefaults(mode, settings);
  return {
    ...switchableLimits(chosen),
    allowShort: chosen.allowShort,
    stopLossPct: chosen.stopLossPct,
    takeProfitPct: chosen.takeProfitPct,
    maxTradesPerDay: chosen.maxTradesPerDay ?? Infinity,
  };
}

/**
 * `settings` with the mode's defaults filled in where the file left a limit out (null stays off):
 * the settings a kernel of that mode is built from (engine/simulated-kernel.ts reads them).
 */
export function withModeRiskDefaults<T extends RiskLimitSettings & LiveRiskLimits>(mode: RiskMode, settings: T): T {
  const defaults = riskDefaultsFor(mode);
  const filled: Record<string, unknown> = { ...settings };
  for (const key of [...SWITCHABLE_LIMITS, 'maxTradesPerDay'] as const) if (settings[key] === undefined && defaults[key] !== undefined) filled[key] = defaults[key];
  return filled as T;
}
