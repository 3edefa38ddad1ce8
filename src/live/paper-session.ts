// Paper trading: the trading kernel on the simulated venue, fed live closed candles one at a time
// (the same session drives the kernel on a shadow or exchange venue for the other modes).
// It is the backtest's kernel with the backtest's venue and settings (engine/simulated-kernel.ts);
// only the clock differs, so a paper session over a window trades exactly as the backtest of that
// window does. The strategy is streamed: it never gets `prepare`, which a backtest may use to
// precompute its indicators, and must decide the same without it.
import { InputError, InvariantError, StoreFailure } from '../core/index.ts';
import type { Candle, Rejection, Trade } from '../core/index.ts';
import { kernelOnVenue, simulatedKernel } from '../engine/index.ts';
import type { KernelRiskOptions, Portfolio, RestoredProtection, SimulatedKernelSettings, TradingKernel, Venue } from '../engine/index.ts';
import type { RiskEngine } from '../risk/index.ts';
import { strategyFailure, strategyLabel } from '../strategies/index.ts';
import type { Strategy } from '../strategies/index.ts';

export interface PaperSessionOptions {
  readonly settings: SimulatedKernelSettings;
  readonly strategy: Strategy;
  /** The strategy's name or file, for error messages. */
  readonly strategyName: string;
  /** Leading candles that only warm the strategy up (no trading), as a backtest's warm-up. */
  readonly warmup?: number;
  /** A decorator between the kernel and its venue, passing everything through (the fleet's journal). */
  readonly wrapVenue?: (venue: Venue) => Venue;
  /**
   * Another venue than the simulated one, built over the session's portfolio (shadow: none at all;
   * testnet and live: the exchange venue): the same session, strategy and risk on that venue.
   */
  readonly venue?: (portfolio: Portfolio) => Venue;
  /** The instance's name, fleet and refusal hook for its risk engine (a fleet's instances). */
  readonly risk?: KernelRiskOptions;
}

/** A paper session's account after its last candle. */
export interface PaperState {
  readonly cash: number;
  /** Signed base quantity. */
  readonly position: number;
  /** Cash plus the position at the last close, quote currency. */
  readonly equity: number;
  readonly trades: readonly Trade[];
  readonly rejections: readonly Rejection[];
  readonly rejectedCount: number;
  /** Candles given, warm-up included. */
  readonly candles: number;
}

export class PaperSession {
  private readonly kernel: TradingKernel;
  private readonly warmup: number;
  private lastTime = -Infinity;
  private lastClose = NaN;

  constructor(private readonly options: PaperSessionOptions) {
    const { settings, strategy, wrapVenue, venue, risk } = options;
    const wrap = wrapVenue ?? ((inner: Venue) => inner);
    this.kernel = venue === undefined ? simulatedKernel(settings, strategy, true, wrapVenue, risk) : kernelOnVenue(settings, strategy, (portfolio) => wrap(venue(portfolio)), true, risk);
    this.warmup = options.warmup ?? 0;
  }

  /**
   * One closed candle, in order and once (open time UTC ms strictly after the previous one; an
   * InputError otherwise). A strategy that throws or returns a bad intent ends the session with an
   * InputError naming it and the candle.
   */
  onClosedCandle(candle: Candle): void {
    if (!(candle.time > this.lastTime)) {
      throw new InputError(`paper session got the candle of ${new Date(candle.time).toISOString()} after the one of ${new Date(this.lastTime).toISOString()}: candles must come once and in order`);
    }
    this.lastTime = candle.time;
    this.lastClose = candle.close;
    const { kernel } = this;
    try {
      if (kernel.index + 1 < this.warmup) kernel.warmUp(candle.time, candle.open, candle.high, candle.low, candle.close, candle.volume);
      else kernel.onCandle(candle.time, candle.open, candle.high, candle.low, candle.close, candle.volume);
    } catch (error) {
      // A bug, or a journal write that failed (the store's failure, not the strategy's).
      if (error instanceof InvariantError || error instanceof StoreFailure) throw error;
      throw strategyFailure(error, strategyLabel(this.options.strategyName), 'onCandle', candle.time);
    }
  }

  /** Closes the open position at the last close, as a backtest does at its end (valued, not traded). */
  closeAtEnd(): void {
    this.kernel.closeAtEnd();
  }

  /**
   * The operator's close-all (TradingKernel.closeAll): resting simulated orders cancelled, the
   * position sold at market at the last close now. Returns the ids of the orders cancelled.
   */
  closeAll(): number[] {
    return this.kernel.closeAll();
  }

  /**
   * The operator's kill (TradingKernel.cancelWorking): the resting entry or exit order cancelled,
   * the protective pair kept. Returns the ids of the orders cancelled.
   */
  cancelWorking(): number[] {
    return this.kernel.cancelWorking();
  }

  /** Re-arms the protective pair of a position rebuilt by start-up recovery (TradingKernel.restoreProtection). */
  restoreProtection(restored: RestoredProtection): void {
    this.kernel.restoreProtection(restored);
  }

  /** The risk engine every order of the session passes: its trading state, its halt and resume. */
  get risk(): RiskEngine {
    return this.kernel.risk;
  }

  get state(): PaperState {
    const { portfolio } = this.kernel;
    return {
      cash: portfolio.cash,
      position: portfolio.position,
      equity: Number.isNaN(this.lastClose) ? portfolio.cash : portfolio.equity(this.lastClose),
      trades: portfolio.trades,
      rejections: portfolio.rejections,
      rejectedCount: portfolio.rejectedCount,
      candles: this.kernel.index + 1,
    };
  }
}
