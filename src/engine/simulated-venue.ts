// The simulated venue: the backtest's fill model (fill-model.ts, docs/architecture.md "Fill model")
// as a venue. It answers at once: an order decided at a candle's close fills against the next
// candle it is given (or at that close with fill timing `close`), and its money rules are an
// exchange's: slippage against the trader, the fee on notional, quantities rounded down to the lot
// step, min notional, no spending beyond the free cash, no shorts on spot. Backtest and paper
// trading both run on it, so paper fills are the backtest's fills.
//
// It holds one working order (a newer entry or exit replaces an unfilled one, as a cancel/replace
// would) and the protective pair (stop-loss and take-profit, one cancelling the other). Inside a
// candle prices happen in order: first the open, where protective orders resting before the candle
// fill if it gapped through them; then the working order; then the range, where protection watches
// from the price it was armed at when an entry filled inside this candle.
import { InvariantError } from '../core/index.ts';
import type { Candle, ExitReason, FillTiming, MarketRules, Side } from '../core/index.ts';
import { limitFillPrice, roundDownToStep, stopFillPrice, withSlippage } from './fill-model.ts';
import { filterRefusal, formatAmount } from './order-filters.ts';
import type { AccountView } from './portfolio.ts';
import { entryQuantity, positionShare } from './sizing.ts';
import type { SizingSettings } from './sizing.ts';
import { unheardListener } from './venue.ts';
import type { Venue, VenueFill, VenueListener, VenueOrder } from './venue.ts';

export interface SimulatedVenueSettings extends MarketRules, SizingSettings {
  /** Fraction of price, always against the trader, on market fills (stops included). */
  readonly slippage: number;
  /** Margin/futures-style runs allow shorts; spot does not. */
  readonly allowShort: boolean;
  /** `close`: market orders fill at the close of the candle they were decided on. */
  readonly fill: FillTiming;
}

/** The one fill object a venue reports with, rewritten for each fill (VenueListener.onFill). */
type MutableFill = { -readonly [K in keyof VenueFill]: VenueFill[K] };

const PLACEHOLDER_ORDER: VenueOrder = Object.freeze({ id: 0, side: 'buy', type: 'market', role: 'entry', quantity: Object.freeze({ kind: 'size', fraction: 1 }) });

/** A protective order and where, inside which candle, it started watching. */
interface Armed {
  readonly order: VenueOrder;
  readonly armedAt: number;
  readonly armedTime: number;
}

export class SimulatedVenue implements Venue {
  private listener = unheardListener('a simulated venue');
  private working: VenueOrder | null = null;
  private stop: Armed | null = null;
  private take: Armed | null = null;
  /** The candle being processed (or the last one): its open time. */
  private time = NaN;
  /** The price of the last entry fill: protection placed on that fill is armed there. */
  private cursor = NaN;
  private lastClose = NaN;
  /** Every fill is reported in this object (fillOf); until the first one it holds placeholders. */
  private readonly filled: MutableFill = { order: PLACEHOLDER_ORDER, side: 'buy', qty: 0, price: 0, fee: 0, time: 0, reason: 'signal' };

  /** `account` is the portfolio the fills go to: sizing and the funds check read it. */
  constructor(
    private readonly settings: SimulatedVenueSettings,
    private readonly account: AccountView,
  ) {}

  listen(listener: VenueListener): void {
    this.listener = listener;
  }

  /**
   * Takes any VenueOrder, approved or not: a simulation reaches no exchange, and tests drive its
   * fill model directly. The kernel still hands it only approved orders, through the Venue port.
   */
  submit(order: VenueOrder): void {
    switch (order.role) {
      case 'stop-loss':
        this.stop = { order, armedAt: this.cursor, armedTime: this.time };
        return;
      case 'take-profit':
        this.take = { order, armedAt: this.cursor, armedTime: this.time };
        return;
      case 'end-of-data':
        // Valuation, not trading: the last position is closed at the last close, without slippage
        // or filters, so the trades add up to the equity change.
        if (!this.close(order, 1, this.lastClose, false, 'end-of-data')) this.listener.onCanceled(order);
        return;
      case 'close-all':
        // Now, not at the next open: the operator asked to be flat at once. A market sell at the
        // last close with slippage, on the lot step and through the filters (the remainder is dust).
        if (this.working !== null) this.cancel(this.working.id);
        if (!this.close(order, 1, this.lastClose, true, 'close-all')) this.listener.onCanceled(order);
        return;
      default:
        if (this.settings.fill === 'close' && order.type === 'market') {
          this.execute(order, this.lastClose, true);
          return;
        }
        if (this.working !== null) this.listener.onCanceled(this.working);
        this.working = order;
    }
  }

  cancel(orderId: number): void {
    let order: VenueOrder | undefined;
    if (this.working?.id === orderId) {
      order = this.working;
      this.working = null;
    } else if (this.stop?.order.id === orderId) {
      order = this.stop.order;
      this.stop = null;
    } else if (this.take?.order.id === orderId) {
      order = this.take.order;
      this.take = null;
    }
    if (order !== undefined) this.listener.onCanceled(order);
  }

  onCandle(candle: Candle): void {
    this.time = candle.time;
    if (this.working !== null || this.stop !== null || this.take !== null) this.fill(candle);
    this.lastClose = candle.close;
  }

  /**
   * The intrabar walk, out of `onCandle` so that the common candle (nothing resting) stays tiny.
   * The time of every fill and refusal is the candle's, `this.time`, read where it is needed
   * rather than passed down: a float passed to a call V8 does not inline is a heap allocation.
   */
  private fill(candle: Candle): void {
    const { open, high, low } = candle;
    if (this.isProtected()) this.checkProtection(open, open, open);
    if (this.working !== null) this.fillWorking(this.working, open, high, low);
    if (this.isProtected()) {
      const armed = (this.stop ?? this.take)!;
      this.checkProtection(armed.armedTime === this.time ? armed.armedAt : open, high, low);
    }
  }

  /** Small enough to inline, so unprotected runs skip the checks. */
  private isProtected(): boolean {
    return this.account.position !== 0 && (this.stop !== null || this.take !== null);
  }

  /** A market order at the open; a limit at the open if the open is beyond it, else at the limit if the range reaches it. */
  private fillWorking(order: VenueOrder, open: number, high: number, low: number): void {
    if (order.type === 'market') {
      this.working = null;
      this.execute(order, open, true);
      return;
    }
    if (order.role === 'exit' && this.account.position === 0) {
      this.working = null;
      this.listener.onCanceled(order);
      return;
    }
    const isBuy = order.role === 'entry' ? order.side === 'buy' : this.account.position < 0;
    const price = limitFillPrice(isBuy, order.price!, open, high, low);
    if (Number.isNaN(price)) return;
    this.working = null;
    this.execute(order, price, false);
  }

  /**
   * Protection over the prices from `from` on (fill-model.ts): `from` itself first (the open for
   * orders resting before the candle, the arming price for orders armed inside it), then the
   * range, the stop assumed first when both could have hit. Called with high = low = open for the
   * open alone.
   */
  private checkProtection(from: number, high: number, low: number): void {
    const isLong = this.account.position > 0;
    const stop = this.stop === null ? NaN : this.stop.order.price!;
    const take = this.take === null ? NaN : this.take.order.price!;
    let price = stopFillPrice(isLong, stop, from, from, from);
    if (!Number.isNaN(price)) return this.protect('stop', price);
    price = limitFillPrice(!isLong, take, from, from, from);
    if (!Number.isNaN(price)) return this.protect('take', price);
    price = stopFillPrice(isLong, stop, from, high, low);
    if (!Number.isNaN(price)) return this.protect('stop', price);
    price = limitFillPrice(!isLong, take, from, high, low);
    if (!Number.isNaN(price)) this.protect('take', price);
  }

  /** A protective order fills whole: a stop as a market order (slippage), a target at its limit. */
  private protect(which: 'stop' | 'take', price: number): void {
    const armed = this[which]!;
    // Out of the book before its fill is reported, so the kernel cancels only the other one.
    this[which] = null;
    const filled = which === 'stop' ? this.close(armed.order, 1, price, true, 'stop-loss') : this.close(armed.order, 1, price, false, 'take-profit');
    if (!filled) this[which] = armed; // refused by the filters: it keeps watching
  }

  /** Fills an entry or an exit at `price` (before slippage when `isMarket`). */
  private execute(order: VenueOrder, price: number, isMarket: boolean): void {
    if (order.role === 'exit') {
      const fraction = order.quantity.kind === 'base' ? 1 : order.quantity.fraction;
      if (!this.close(order, fraction, price, isMarket, 'signal')) this.listener.onCanceled(order);
      return;
    }
    const isLong = order.side === 'buy';
    // Reversing (margin/futures mode): close the position and open the other side in the same fill.
    if (this.account.position !== 0 && this.account.position > 0 !== isLong) {
      if (!this.close(order, 1, price, isMarket, 'reverse')) return;
    }
    this.cursor = price;
    this.open(order, price, isMarket);
  }

  private open(order: VenueOrder, price: number, isMarket: boolean): void {
    const isLong = order.side === 'buy';
    // The risk engine refuses shorts on spot; this keeps "a spot run never holds a short" true
    // whatever path an order takes to get here.
    if (!isLong && !this.settings.allowShort) throw new InvariantError(`a short entry reached the simulated venue of a spot run (order ${order.id})`);
    const fill = isMarket ? withSlippage(price, isLong, this.settings.slippage) : price;
    const { quantity } = order;
    const qty = quantity.kind === 'base' ? quantity.qty : entryQuantity(this.settings, this.account, fill, isLong) * quantity.fraction;
    const rounded = roundDownToStep(qty, this.settings.lotStep);
    if (!this.passesFilters(order, rounded, fill)) return;
    const notional = rounded * fill;
    const fee = notional * this.settings.fee;
    if (isLong && notional + fee > this.account.cash * (1 + 1e-12)) {
      this.listener.onRejected(order, `insufficient funds: cost ${formatAmount(notional + fee)} > free cash ${formatAmount(this.account.cash)}`, this.time);
      return;
    }
    const out = this.fillOf(order, order.side, 'signal');
    out.qty = rounded;
    out.price = fill;
    out.fee = fee;
    this.listener.onFill(out);
  }

  /** Closes `fraction` of the position FIFO at `price`; false when there is nothing to close or the venue refuses. */
  private close(order: VenueOrder, fraction: number, price: number, isMarket: boolean, reason: ExitReason): boolean {
    const position = this.account.position;
    if (position === 0) return false;
    const isLong = position > 0;
    const fill = isMarket ? withSlippage(price, !isLong, this.settings.slippage) : price;
    const held = Math.abs(position);
    const qty = positionShare(held, fraction, this.settings.lotStep);
    if (reason !== 'end-of-data' && !this.passesFilters(order, qty, fill)) return false;
    const out = this.fillOf(order, isLong ? 'sell' : 'buy', reason);
    out.qty = qty;
    out.price = fill;
    out.fee = qty * fill * this.settings.fee;
    this.listener.onFill(out);
    return true;
  }

  /**
   * The one fill object, rewritten for each fill: a fresh one was a handful of floats, each a heap
   * allocation, and a sweep fills about a million orders. The caller sets the quantity, price and
   * fee in place (passed to this call, they would be boxed) and reports it.
   */
  private fillOf(order: VenueOrder, side: Side, reason: ExitReason): MutableFill {
    const out = this.filled;
    out.order = order;
    out.side = side;
    out.time = this.time;
    out.reason = reason;
    return out;
  }

  /** Exchange filters (order-filters.ts): refused as the exchange refuses them. */
  private passesFilters(order: VenueOrder, qty: number, price: number): boolean {
    const refusal = filterRefusal(qty, price, this.settings);
    if (refusal !== undefined) this.listener.onRejected(order, refusal, this.time);
    return refusal === undefined;
  }
}
