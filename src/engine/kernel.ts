// The trading kernel: the one synchronous core that backtest, paper and live all drive. On each
// closed candle the venue first fills what it holds against it (a simulated venue; a live one
// reports fills as they come), then the strategy decides at the close, the intent is checked and
// becomes an order, the risk engine judges it (against the portfolio, the last close and the
// quantity the venue's sizing gives there), and only the order it approved goes to the venue
// (sized by sizing.ts, at the venue): the Venue port takes nothing else. Every fill updates the
// portfolio and the risk state, and an entry fill places its protection (stop-loss and
// take-profit) as venue orders. Modes differ only in who calls `onCandle` and when (a simulated
// clock or the wall clock) and in the venue.
//
// The no-intent path allocates nothing: one candle object and one context are rewritten per call.
import { checkIntent, InvariantError, roundDownToStep } from '../core/index.ts';
import type { Candle, CandleSeries, Intent, MarketRules } from '../core/index.ts';
import type { OrderEstimate, RiskEngine, RiskState } from '../risk/index.ts';
import type { Strategy, StrategyContext } from '../strategies/index.ts';
import { roundToTick } from './fill-model.ts';
import type { Portfolio } from './portfolio.ts';
import { entryQuantity, positionShare } from './sizing.ts';
import type { SizingSettings } from './sizing.ts';
import type { Protection, Venue, VenueFill, VenueListener, VenueOrder } from './venue.ts';

/** The sizing and lot step the kernel estimates an order's quantity with, as the venue will size it. */
export type OrderSizing = SizingSettings & Pick<MarketRules, 'lotStep'>;

export interface KernelParts {
  readonly strategy: Strategy;
  readonly venue: Venue;
  readonly portfolio: Portfolio;
  readonly risk: RiskEngine;
  /** The market's price step: limit prices and protective levels go on this grid (0 = none). */
  readonly tickSize: number;
  /** Margin/futures-style runs allow shorts; spot does not (the strategy is told). */
  readonly allowShort: boolean;
  /**
   * How the venue sizes orders: the risk engine's size rules and filters judge the quantity
   * estimated with it at the last close (or the limit). Required when the risk engine has such
   * rules (RiskEngine.needsOrderSize); an InvariantError otherwise.
   */
  readonly orderSizing?: OrderSizing;
}

/**
 * The protection of a position taken over from an earlier run (start-up recovery): the levels it
 * had there (quote per base; null = no such leg), or, when only the entry's protection is known,
 * the percentages, placed from the average entry as a fill would place them.
 */
export type RestoredProtection =
  | { readonly kind: 'levels'; readonly stopLoss: number | null; readonly takeProfit: number | null }
  | { readonly kind: 'percent'; readonly protection: Protection };

/** One candle object, rewritten for each step, so the loop allocates nothing. */
type MutableCandle = { -readonly [K in keyof Candle]: Candle[K] };
type MutableContext = { -readonly [K in Exclude<keyof StrategyContext, 'candle'>]: StrategyContext[K] } & { readonly candle: MutableCandle };

const EXIT_ALL = Object.freeze({ kind: 'position', fraction: 1 } as const);
const SIZE_ALL = Object.freeze({ kind: 'size', fraction: 1 } as const);

export class TradingKernel implements VenueListener {
  readonly portfolio: Portfolio;
  private readonly strategy: Strategy;
  private readonly venue: Venue;
  /** The risk engine every order passes (a live run reads its trading state). */
  readonly risk: RiskEngine;
  private readonly tickSize: number;
  private readonly orderSizing: OrderSizing | undefined;
  /** Copied from the risk engine once: whether it reads every candle, and whether it needs order quantities. */
  private readonly riskWatches: boolean;
  /**
   * The portfolio snapshot and the size estimate an intent is judged with, rewritten for each
   * intent: the risk engine reads them during the check and keeps nothing of them.
   */
  private readonly snapshot: { -readonly [K in keyof RiskState]: RiskState[K] } = { time: 0, position: 0, entryPrice: NaN, cash: 0, equity: 0, lastPrice: NaN };
  private readonly estimated: { -readonly [K in keyof OrderEstimate]: OrderEstimate[K] } = { fraction: 1, qty: NaN, price: NaN };
  private readonly riskSizes: boolean;
  private readonly candle: MutableCandle = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  private readonly ctx: MutableContext;
  private nextOrderId = 1;
  /** The protective pair of the open position, by order id (0 = none). */
  private stopOrderId = 0;
  private takeOrderId = 0;
  /**
   * The last entry or exit order the strategy's intent sent (0 = none): the venue's working order
   * while it has not ended. Both venues hold one working order, a newer one replacing it, so this
   * is the only order besides the protective pair that can rest (`cancelWorking`).
   */
  private workingOrderId = 0;
  /** While `closeAll` or `cancelWorking` runs: the ids of the orders the venue reports cancelled. */
  private canceledLog: number[] | undefined;

  constructor(parts: KernelParts) {
    this.strategy = parts.strategy;
    this.venue = parts.venue;
    this.portfolio = parts.portfolio;
    this.risk = parts.risk;
    this.tickSize = parts.tickSize;
    this.orderSizing = parts.orderSizing;
    this.riskWatches = parts.risk.watchesMarket;
    this.riskSizes = parts.risk.needsOrderSize;
    if (this.riskSizes && parts.orderSizing === undefined) throw new InvariantError('the risk engine judges order sizes, but the kernel was given no orderSizing to estimate them with');
    this.ctx = { candle: this.candle, index: -1, position: 0, entryPrice: NaN, allowShort: parts.allowShort };
    this.venue.listen(this);
  }

  /** Index of the last candle given (warm-up included), from 0; -1 before the first. */
  get index(): number {
    return this.ctx.index;
  }

  /** Open time (UTC ms) of the last candle given; NaN before the first. */
  get candleTime(): number {
    return this.ctx.index < 0 ? NaN : this.candle.time;
  }

  /** A warm-up candle: the strategy updates its indicators; its intents are dropped, nothing trades. */
  warmUp(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.setCandle(time, open, high, low, close, volume);
    this.warmUpStep();
  }

  /** `warmUp` with the candle at index `i` of `candles` (a backtest's columns). */
  warmUpAt(candles: CandleSeries, i: number): void {
    this.setCandleAt(candles, i);
    this.warmUpStep();
  }

  /**
   * A closed candle (UTC ms open time, prices in quote currency): the venue fills against it, then
   * the strategy decides at its close. Throws what the strategy throws, InvalidIntent for a value
   * that is not an intent, InvariantError when the engine's own rules break.
   */
  onCandle(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.setCandle(time, open, high, low, close, volume);
    this.step();
  }

  /**
   * `onCandle` with the candle at index `i` of `candles` (a backtest's columns). Per candle only
   * references and small integers cross a call: prices passed to a call that V8 does not inline
   * are boxed, one allocation each, and a sweep makes tens of millions of such calls.
   */
  onCandleAt(candles: CandleSeries, i: number): void {
    this.setCandleAt(candles, i);
    this.step();
  }

  private warmUpStep(): void {
    this.ctx.index++;
    this.ctx.position = this.portfolio.position;
    this.ctx.entryPrice = this.portfolio.entryPrice;
    if (this.riskWatches) this.observe();
    this.strategy.onCandle(this.ctx);
  }

  /** The candle in `this.candle`: the venue fills against it, then the strategy decides at its close. */
  private step(): void {
    const { ctx, portfolio } = this;
    this.venue.onCandle(this.candle);
    ctx.index++;
    ctx.position = portfolio.position;
    ctx.entryPrice = portfolio.entryPrice;
    if (this.riskWatches) this.observe();
    const intent = this.strategy.onCandle(ctx);
    if (intent !== null) this.decide(intent);
  }

  /** Off the per-candle path, so that `onCandle` stays small enough to be inlined into a driver's loop. */
  private decide(intent: Intent): void {
    checkIntent(intent);
    const { portfolio } = this;
    const { time, close } = this.candle;
    // The id is taken only once the order is approved, so a refusal leaves the sequence as it was.
    const order = this.orderFor(intent, this.nextOrderId);
    const state = this.snapshot;
    state.time = time;
    state.position = portfolio.position;
    state.entryPrice = portfolio.entryPrice;
    state.cash = portfolio.cash;
    state.equity = portfolio.equity(close);
    state.lastPrice = close;
    const decision = this.risk.check(order, this.estimate(order), state);
    if (!decision.approved) {
      portfolio.reject(time, decision.reason);
      return;
    }
    this.nextOrderId++;
    this.workingOrderId = order.id;
    this.venue.submit(decision.order);
  }

  /** The risk engine's view of a closed candle: ATR, the equity path, the exposure. */
  private observe(): void {
    const { time, high, low, close } = this.candle;
    this.risk.observe(time, high, low, close, this.portfolio.equity(close), this.portfolio.position);
  }

  /**
   * What an order is expected to trade: at its limit or the last close, the quantity the venue's
   * sizing gives there (entries) or the share of the position (exits), on the lot step. The
   * quantity is worked out only for a risk engine that reads it (NaN otherwise).
   */
  private estimate(order: VenueOrder): OrderEstimate {
    const out = this.estimated;
    const price = order.price ?? this.candle.close;
    const { quantity } = order;
    const fraction = quantity.kind === 'base' ? 1 : quantity.fraction;
    const sizing = this.orderSizing;
    out.fraction = fraction;
    out.price = price;
    if (!this.riskSizes || sizing === undefined) out.qty = NaN;
    else if (quantity.kind === 'base') out.qty = quantity.qty;
    else if (quantity.kind === 'position') out.qty = positionShare(Math.abs(this.portfolio.position), fraction, sizing.lotStep);
    else out.qty = roundDownToStep(entryQuantity(sizing, this.portfolio, price, order.side === 'buy') * fraction, sizing.lotStep);
    return out;
  }


  /** Closes the open position at the last close (a backtest's end: valued, not traded). */
  closeAtEnd(): void {
    if (this.portfolio.position === 0) return;
    const order: VenueOrder = { id: this.nextOrderId++, side: this.portfolio.position > 0 ? 'sell' : 'buy', type: 'market', role: 'end-of-data', quantity: EXIT_ALL };
    this.venue.submit(this.risk.approveProtective(order));
  }

  /**
   * The operator's close-all (a paper or shadow instance): cancels the protective pair and the
   * venue's working order, then sells (buys back) the whole position at market now, approved as
   * protective so it passes a `halted` state. The simulated venue fills it at the last close with
   * slippage, on the lot step (what is under one step stays) and through the exchange filters (a
   * refusal is the portfolio's rejection). Returns the ids of the orders cancelled meanwhile.
   */
  closeAll(): number[] {
    let closing = 0;
    const canceled = this.logCancels(() => {
      this.cancelProtection();
      const side = this.portfolio.position < 0 ? 'buy' : 'sell';
      const order: VenueOrder = { id: this.nextOrderId++, side, type: 'market', role: 'close-all', quantity: EXIT_ALL };
      closing = order.id;
      this.venue.submit(this.risk.approveProtective(order));
    });
    return canceled.filter((id) => id !== closing);
  }

  /**
   * The operator's kill of a paper or shadow instance: cancels the working entry or exit order
   * the venue holds (a resting limit, or a market order waiting for the next open), so nothing the
   * strategy asked for fills while the instance is halted. The protective pair stays: it only ever
   * reduces exposure, as an exchange instance's stop-loss and take-profit stay through a kill
   * (they are watched by its venue, not open at the exchange). Returns the ids the venue reported
   * cancelled (none when nothing rested).
   */
  cancelWorking(): number[] {
    const id = this.workingOrderId;
    if (id === 0) return [];
    this.workingOrderId = 0;
    // An id the venue has already ended (filled, refused, replaced) is ignored by it: only what it reports cancelled counts.
    return this.logCancels(() => this.venue.cancel(id));
  }

  /** Runs `act` and returns the ids of the orders the venue reported cancelled meanwhile. */
  private logCancels(act: () => void): number[] {
    const canceled: number[] = [];
    this.canceledLog = canceled;
    try {
      act();
      return canceled;
    } finally {
      this.canceledLog = undefined;
    }
  }

  /**
   * Places the protective pair of a position the portfolio was rebuilt with (start-up recovery of
   * an exchange instance), replacing any pair: from then on it is the position's pair, cancelled
   * when the position is closed, as if an entry of this run had placed it. Protective orders pass
   * the risk engine in every state. Nothing is placed when flat or when no leg is given.
   */
  restoreProtection(restored: RestoredProtection): void {
    if (this.portfolio.position === 0) return;
    if (restored.kind === 'percent') {
      this.protect(restored.protection);
      return;
    }
    this.cancelProtection();
    const side = this.portfolio.position > 0 ? 'sell' : 'buy';
    if (restored.stopLoss !== null) {
      this.stopOrderId = this.nextOrderId++;
      this.venue.submit(this.risk.approveProtective({ id: this.stopOrderId, side, type: 'stop', role: 'stop-loss', quantity: EXIT_ALL, price: restored.stopLoss }));
    }
    if (restored.takeProfit !== null) {
      this.takeOrderId = this.nextOrderId++;
      this.venue.submit(this.risk.approveProtective({ id: this.takeOrderId, side, type: 'limit', role: 'take-profit', quantity: EXIT_ALL, price: restored.takeProfit }));
    }
  }

  onFill(fill: VenueFill): void {
    const { portfolio } = this;
    const opens = portfolio.position === 0 || portfolio.position > 0 === (fill.side === 'buy');
    portfolio.apply(fill);
    // A filled protective order is over; only the other one of the pair may need cancelling.
    if (fill.order.id === this.stopOrderId) this.stopOrderId = 0;
    else if (fill.order.id === this.takeOrderId) this.takeOrderId = 0;
    if (opens) {
      this.risk.recordEntry(fill.time);
      this.protect(fill.order.protection);
    } else if (portfolio.position === 0) {
      this.cancelProtection();
    }
  }

  onRejected(_order: VenueOrder, reason: string, time: number): void {
    this.portfolio.reject(time, reason);
  }

  onCanceled(order: VenueOrder): void {
    this.canceledLog?.push(order.id);
  }

  private setCandle(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    const { candle } = this;
    candle.time = time;
    candle.open = open;
    candle.high = high;
    candle.low = low;
    candle.close = close;
    candle.volume = volume;
  }

  private setCandleAt(candles: CandleSeries, i: number): void {
    const { candle } = this;
    candle.time = candles.time[i]!;
    candle.open = candles.open[i]!;
    candle.high = candles.high[i]!;
    candle.low = candles.low[i]!;
    candle.close = candles.close[i]!;
    candle.volume = candles.volume[i]!;
  }

  private orderFor(intent: Intent, id: number): VenueOrder {
    // Object literals of fixed shapes, no spreads: an order is built for every intent, and in a
    // sweep intents come every few candles.
    const fraction = intent.fraction ?? 1;
    if (intent.type === 'exit') {
      const side = this.portfolio.position < 0 ? 'buy' : 'sell';
      const quantity = fraction === 1 ? EXIT_ALL : { kind: 'position' as const, fraction };
      if (intent.limitPrice === undefined) return { id, side, type: 'market', role: 'exit', quantity };
      return { id, side, type: 'limit', role: 'exit', quantity, price: roundToTick(intent.limitPrice, this.tickSize) };
    }
    const side = intent.side === 'long' ? 'buy' : 'sell';
    const quantity = fraction === 1 ? SIZE_ALL : { kind: 'size' as const, fraction };
    const protection = this.risk.protection(intent);
    if (intent.limitPrice === undefined) return { id, side, type: 'market', role: 'entry', quantity, protection };
    return { id, side, type: 'limit', role: 'entry', quantity, protection, price: roundToTick(intent.limitPrice, this.tickSize) };
  }

  /** Places the position's stop-loss and take-profit (replacing the previous pair) from the average entry. */
  private protect(protection: Protection | undefined): void {
    if (protection === undefined) throw new InvariantError('an entry fill came from an order without its protection');
    this.cancelProtection();
    const { portfolio } = this;
    const isLong = portfolio.position > 0;
    const basis = portfolio.entryPrice;
    const dir = isLong ? 1 : -1;
    const side = isLong ? 'sell' : 'buy';
    if (protection.stopLossPct > 0) {
      this.stopOrderId = this.nextOrderId++;
      const price = roundToTick(basis * (1 - (dir * protection.stopLossPct) / 100), this.tickSize);
      this.venue.submit(this.risk.approveProtective({ id: this.stopOrderId, side, type: 'stop', role: 'stop-loss', quantity: EXIT_ALL, price }));
    }
    if (protection.takeProfitPct > 0) {
      this.takeOrderId = this.nextOrderId++;
      const price = roundToTick(basis * (1 + (dir * protection.takeProfitPct) / 100), this.tickSize);
      this.venue.submit(this.risk.approveProtective({ id: this.takeOrderId, side, type: 'limit', role: 'take-profit', quantity: EXIT_ALL, price }));
    }
  }

  private cancelProtection(): void {
    if (this.stopOrderId !== 0) this.venue.cancel(this.stopOrderId);
    if (this.takeOrderId !== 0) this.venue.cancel(this.takeOrderId);
    this.stopOrderId = 0;
    this.takeOrderId = 0;
  }
}
