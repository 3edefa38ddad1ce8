// A kernel on the simulated venue, built from one settings object: what a backtest and a paper
// session both run, so the two cannot be assembled differently.
import { switchableLimits } from '../core/index.ts';
import type { SwitchableLimitSettings } from '../core/index.ts';
import { RiskEngine } from '../risk/index.ts';
import type { Strategy } from '../strategies/index.ts';
import { TradingKernel } from './kernel.ts';
import { Portfolio } from './portfolio.ts';
import { SimulatedVenue } from './simulated-venue.ts';
import type { SimulatedVenueSettings } from './simulated-venue.ts';

/**
 * The fill model, sizing, market rules and risk limits of a simulated run; a backtest config has
 * them all. The switchable limits (position and order size, price deviation, daily loss, drawdown,
 * volatility, filters) apply only where set: a backtest gets no mode defaults.
 */
export interface SimulatedKernelSettings extends SimulatedVenueSettings, SwitchableLimitSettings {
  /** Starting cash, quote currency. */
  readonly cash: number;
  /** Entries per UTC day; absent or null = no limit. */
  readonly maxTradesPerDay?: number | null | undefined;
  /** The risk engine's stop-loss on every entry, % from entry; 0 = none. */
  readonly stopLossPct: number;
  /** The risk engine's take-profit on every entry, % from entry; 0 = none. */
  readonly takeProfitPct: number;
}

/** `keepTrades` false keeps only the trade statistics (sweeps). */
export function simulatedKernel(settings: SimulatedKernelSettings, strategy: Strategy, keepTrades = true): TradingKernel {
  const portfolio = new Portfolio(settings.cash, keepTrades);
  const limits = {
    allowShort: settings.allowShort,
    maxTradesPerDay: settings.maxTradesPerDay ?? Infinity,
    stopLossPct: settings.stopLossPct,
    takeProfitPct: settings.takeProfitPct,
    ...switchableLimits(settings),
  };
  const risk = new RiskEngine(limits, { capital: settings.cash, market: settings });
  const venue = new SimulatedVenue(settings, portfolio);
  return new TradingKernel({ strategy, venue, portfolio, risk, tickSize: settings.tickSize, allowShort: settings.allowShort, orderSizing: settings });
}
