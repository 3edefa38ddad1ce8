// The deployment `rampart select` writes is backtested as written: the winner's parameters with
// the deployment's sizing, risk stop-loss, take-profit and daily trade limit, on the same
// in-sample and hold-out windows as the sweep's evidence. The file is written only when these
// runs pass the hold-out rule, so no configuration reaches a bot that was never tested.
import { shellQuote } from '../../core/index.ts';
import { parseBacktestConfig, runBacktestJob } from '../../backtest/index.ts';
import type { BacktestConfig, Metrics, SizingMode } from '../../backtest/index.ts';
import type { Store } from '../../store/index.ts';
import { sweepBacktestSettings } from '../sweep/spec.ts';
import type { SweepSpec } from '../sweep/spec.ts';
import type { Candidate } from './select.ts';

/** Risk settings of a deployment. */
export interface DeploymentSettings {
  /** Multiplies the sweep's position size (all-in counts as 100% of equity); (0, 1]. */
  readonly sizeFactor: number;
  /** Risk-engine stop-loss on every entry, % from entry; 0 = none. */
  readonly stopLossPct: number;
  /** Risk-engine take-profit on every entry, % from entry; 0 = none. */
  readonly takeProfitPct: number;
  /** Entries per UTC day; 0 = no limit. */
  readonly maxTradesPerDay: number;
}

/**
 * Conservative defaults for a first deployment, common in trading-bot practice: half the
 * backtest's position size, a 2% stop-loss, a 4% take-profit (2:1 reward to risk), at most 3
 * entries a day. They are defaults, not evidence: the deployment backtest decides.
 */
export const DEPLOY_DEFAULTS: DeploymentSettings = Object.freeze({ sizeFactor: 0.5, stopLossPct: 2, takeProfitPct: 4, maxTradesPerDay: 3 });

export interface DeploymentCheck {
  readonly settings: DeploymentSettings;
  /** The backtest config of the hold-out run: exactly what the deployment file holds. */
  readonly config: BacktestConfig;
  readonly inSample: Metrics;
  readonly holdout: Metrics;
  /** Candles before the hold-out that warmed the strategy up. */
  readonly warmup: number;
  readonly passed: boolean;
  /** Which part of the rule failed, one line each. */
  readonly reasons: readonly string[];
}

/** The deployment's position size: the sweep's, scaled by `sizeFactor` (all-in becomes a percent of equity). */
export function deploymentSizing(spec: SweepSpec, sizeFactor: number): { readonly sizing: SizingMode; readonly sizingValue: number } {
  if (spec.sizing === 'all-in') return { sizing: 'percent', sizingValue: 100 * sizeFactor };
  return { sizing: spec.sizing, sizingValue: spec.sizingValue * sizeFactor };
}

/**
 * Backtests the deployment on the candidate's data: in-sample (everything before `split`) and
 * hold-out (from `split`, with `warmupCandles` candles before it), through the same job as
 * `rampart backtest`, so the figures reproduce by hand. The rule is the selection's hold-out
 * rule: positive Sharpe and positive return on the hold-out.
 * Throws ConfigError when the settings are out of range.
 */
export async function testDeployment(spec: SweepSpec, candidate: Candidate, settings: DeploymentSettings, split: number, warmupCandles: number, store: Store): Promise<DeploymentCheck> {
  const { maxTradesPerDay: _sweepLimit, ...shared } = sweepBacktestSettings(spec, spec.strategy);
  const base = parseBacktestConfig({
    ...shared,
    symbol: candidate.symbol,
    timeframe: candidate.timeframe as BacktestConfig['timeframe'],
    params: candidate.params,
    ...deploymentSizing(spec, settings.sizeFactor),
    warmupCandles,
    stopLossPct: settings.stopLossPct,
    takeProfitPct: settings.takeProfitPct,
    ...(settings.maxTradesPerDay > 0 ? { maxTradesPerDay: settings.maxTradesPerDay } : {}),
  });
  const inSample = await runBacktestJob(Object.freeze({ ...base, to: split }), store);
  const holdout = await runBacktestJob(Object.freeze({ ...base, from: split }), store);
  const reasons: string[] = [];
  const m = holdout.result.metrics;
  if (!(m.sharpe > 0) || !(m.totalReturnPct > 0)) {
    reasons.push(`does not hold out of sample with the deployment settings (hold-out return ${m.totalReturnPct.toFixed(2)}%, Sharpe ${m.sharpe.toFixed(2)}; both must be positive)`);
  }
  return { settings, config: holdout.result.config, inSample: inSample.result.metrics, holdout: m, warmup: holdout.warmup, passed: reasons.length === 0, reasons };
}

/** The settings in words, e.g. `size ×0.5 (50% of equity), stop-loss 2%, take-profit 4%, ≤3 entries a day`. */
export function describeSettings(check: Pick<DeploymentCheck, 'settings' | 'config'>): string {
  const { settings, config } = check;
  const size = config.sizing === 'percent' ? `${config.sizingValue}% of equity` : `${config.sizing} ${config.sizingValue}`;
  return [
    `size ×${settings.sizeFactor} (${size})`,
    settings.stopLossPct > 0 ? `stop-loss ${settings.stopLossPct}%` : 'no stop-loss',
    settings.takeProfitPct > 0 ? `take-profit ${settings.takeProfitPct}%` : 'no take-profit',
    settings.maxTradesPerDay > 0 ? `≤${settings.maxTradesPerDay} entries a day` : 'no daily entry limit',
  ].join(', ');
}

/** The `npx rampart backtest` command that reproduces the hold-out run. */
export function reproduceCommand(config: BacktestConfig): string {
  const params = Object.entries(config.params).map(([k, v]) => `--${k} ${v}`);
  const parts = [
    'npx rampart backtest',
    `--exchange ${config.exchange} --symbol ${config.symbol} --timeframe ${config.timeframe}`,
    `--strategy ${shellQuote(config.strategy)}`,
    ...params,
    config.from === undefined ? '' : `--from ${new Date(config.from).toISOString()}`,
    `--warmup ${config.warmupCandles}`,
    `--cash ${config.cash} --fee ${config.fee} --slippage ${config.slippage}`,
    config.sizing === 'all-in' ? '--sizing all-in' : `--sizing ${config.sizing} --size ${config.sizingValue}`,
    config.fill === 'close' ? '--fill close' : '',
    config.allowShort ? '--allow-short' : '',
    config.stopLossPct > 0 ? `--risk-stop-loss ${config.stopLossPct}` : '',
    config.takeProfitPct > 0 ? `--risk-take-profit ${config.takeProfitPct}` : '',
    config.maxTradesPerDay === undefined ? '' : `--max-trades-per-day ${config.maxTradesPerDay}`,
  ];
  return parts.filter((part) => part !== '').join(' ');
}
