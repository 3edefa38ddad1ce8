// A kernel on the simulated venue, built from one settings object: what a backtest and a paper
// session both run, so the two cannot be assembled differently.
import { switchableLimits } from '../core/index.ts';
import type { SwitchableLimitSettings } from '../core/index.ts';
import { RiskEngine } from '../risk/index.ts';
import type { RiskEngineOptions } from '../risk/index.ts';
import type { Strategy } from '../strategies/index.ts';
import { TradingKernel } from './kernel.ts';
import { Portfolio } from './portfolio.ts';
import { SimulatedVenue } from './simulated-venue.ts';
import type { SimulatedVenueSettings } from './simulated-venue.ts';
import type { Venue } from './venue.ts';

/**
 * Capital, sizing, market rules and risk limits of a kernel on any venue. The switchable limits
 * (position and order size, price deviation, daily loss, drawdown, volatility, filters) apply only
 * where set: a backtest gets no mode defaults. `tickSize` puts limit and protective prices on the grid.
 */
export interface KernelSettings extends Pick<SimulatedVenueSettings, 'allowShort' | 'tickSize' | 'lotStep' | 'minNotional' | 'sizing' | 'sizingValue' | 'fee'>, SwitchableLimitSettings {
  /** Starting cash, quote currency. */
  readonly cash: number;
  /** Entries per UTC day; absent or null = no limit. */
  readonly maxTradesPerDay?: number | null | undefined;
  /** The risk engine's stop-loss on every entry, % from entry; 0 = none. */
  readonly stopLossPct: number;
  /** The risk engine's take-profit on every entry, % from entry; 0 = none. */
  readonly takeProfitPct: number;
}

/** The fill model, sizing, market rules and risk limits of a simulated run; a backtest config has them all. */
export interface SimulatedKernelSettings extends SimulatedVenueSettings, KernelSettings {}

/**
 * What a live run adds to a kernel's risk engine: the instance's name and fleet (shared state and
 * exposure) and the refusal hook (the journal). Capital and market rules come from the settings.
 */
export type KernelRiskOptions = Pick<RiskEngineOptions, 'name' | 'fleet' | 'onRefused'>;

/**
 * `keepTrades` false keeps only the trade statistics (sweeps). `wrapVenue` puts a decorator between
 * the kernel and the simulated venue (a live run journals every order and fill through one); it
 * must pass every call and outcome through unchanged. `risk`: see KernelRiskOptions.
 */
export function simulatedKernel(settings: SimulatedKernelSettings, strategy: Strategy, keepTrades = true, wrapVenue?: (venue: Venue) => Venue, risk: KernelRiskOptions = {}): TradingKernel {
  return kernelOnVenue(
    settings,
    strategy,
    (portfolio) => {
      const simulated = new SimulatedVenue(settings, portfolio);
      return wrapVenue === undefined ? simulated : wrapVenue(simulated);
    },
    keepTrades,
    risk,
  );
}

/**
 * A kernel with the settings' capital and risk limits on the venue `makeVenue` builds over its
 * portfolio (shadow and exchange venues in live runs): the same assembly as the simulated one.
 */
export function kernelOnVenue(settings: KernelSettings, strategy: Strategy, makeVenue: (portfolio: Portfolio) => Venue, keepTrades = true, risk: KernelRiskOptions = {}): TradingKernel {
  const portfolio = new Portfolio(settings.cash, keepTrades);
  const limits = {
    allowShort: settings.allowShort,
    maxTradesPerDay: settings.maxTradesPerDay ?? Infinity,
    stopLossPct: settings.stopLossPct,
    takeProfitPct: settings.takeProfitPct,
    ...switchableLimits(settings),
  };
  const engine = new RiskEngine(limits, { ...risk, capital: settings.cash, market: settings });
  return new TradingKernel({ strategy, venue: makeVenue(portfolio), portfolio, risk: engine, tickSize: settings.tickSize, allowShort: settings.allowShort, orderSizing: settings });
}
