// The simulated broker: cash, one net position made of FIFO lots, protective stops, and the
// trades closed so far. The engine decides when and at what reference price; the broker applies
// the fill model's money rules (slippage, fees, lot step, min notional, free balance).
import { InvariantError } from '../core/index.ts';
import type { PositionSide } from '../core/index.ts';
import { roundDownToStep, roundToTick, withSlippage } from './fill-model.ts';
import { TradeTally } from './trade-tally.ts';
import type { ExitReason, MarketRules, Rejection, SizingMode, Trade } from '../core/index.ts';

/** The account and fill-model settings the broker applies; a backtest config carries them all. */
export interface BrokerSettings extends MarketRules {
  /** Starting cash, quote currency. */
  readonly cash: number;
  /** Fraction of notional, per side. */
  readonly fee: number;
  /** Fraction of price, against the trader. */
  readonly slippage: number;
  readonly sizing: SizingMode;
  readonly sizingValue: number;
  readonly allowShort: boolean;
}

interface Lot {
  qty: number;
  readonly price: number;
  readonly time: number;
  /** Entry fee still attributed to the remaining qty. */
  fee: number;
}

/** Keeps the rejection list bounded for strategies that insist on a refused order every candle. */
const MAX_REJECTIONS_KEPT = 1000;

export class SimBroker {
  cash: number;
  /** Signed base quantity: > 0 long, < 0 short. */
  position = 0;
  stopPrice = NaN;
  takePrice = NaN;
  feesPaid = 0;
  rejectedCount = 0;
  /** Closed trades, in order; empty when the broker was made with `keepTrades` false. */
  readonly trades: Trade[] = [];
  /** The closed trades' statistics, kept either way. */
  readonly tally = new TradeTally();
  readonly rejections: Rejection[] = [];
  private readonly lots: Lot[] = [];

  /**
   * `keepTrades` false: only the tally is kept (a sweep keeps metrics only; a Trade object per
   * closed trade was 417 k short-lived objects in the example sweep).
   */
  constructor(
    private readonly config: BrokerSettings,
    private readonly keepTrades = true,
  ) {
    this.cash = config.cash;
  }

  get tickSize(): number {
    return this.config.tickSize;
  }

  equity(mark: number): number {
    return this.cash + this.position * mark;
  }

  /** Average entry price of the open position, NaN when flat. Kept current on every fill. */
  entryPrice = NaN;

  /**
   * Opens or adds to a position at `price` (before slippage when `isMarket`).
   * Returns false when refused (the reason is recorded).
   */
  open(side: PositionSide, fraction: number, price: number, time: number, isMarket: boolean, stopLossPct: number, takeProfitPct: number): boolean {
    const isLong = side === 'long';
    // The risk engine refuses shorts on spot; this keeps "a spot run never holds a short" true
    // whatever path an order takes to get here.
    if (!isLong && !this.config.allowShort) throw new InvariantError(`a short entry reached the broker of a spot run (side '${side}')`);
    const fill = isMarket ? withSlippage(price, isLong, this.config.slippage) : price;
    const qty = this.sizeFor(fill, isLong) * fraction;
    const rounded = roundDownToStep(qty, this.config.lotStep);
    if (!this.passesFilters(rounded, fill, time)) return false;
    const notional = rounded * fill;
    const fee = notional * this.config.fee;
    if (isLong && notional + fee > this.cash * (1 + 1e-12)) {
      this.reject(time, `insufficient funds: cost ${fmt(notional + fee)} > free cash ${fmt(this.cash)}`);
      return false;
    }
    this.cash += isLong ? -(notional + fee) : notional - fee;
    if (isLong && this.cash < 0) this.cash = 0; // float dust from the all-in bound
    this.position += isLong ? rounded : -rounded;
    this.feesPaid += fee;
    this.lots.push({ qty: rounded, price: fill, time, fee });
    this.entryPrice = averagePrice(this.lots);
    this.setProtection(isLong, stopLossPct, takeProfitPct);
    return true;
  }

  /** Closes `fraction` of the position FIFO at `price` (before slippage when `isMarket`). */
  close(fraction: number, price: number, time: number, isMarket: boolean, reason: ExitReason): boolean {
    if (this.position === 0) return false;
    const isLong = this.position > 0;
    const fill = isMarket ? withSlippage(price, !isLong, this.config.slippage) : price;
    const held = Math.abs(this.position);
    const qty = fraction >= 1 ? held : roundDownToStep(held * fraction, this.config.lotStep);
    if (reason !== 'end-of-data' && !this.passesFilters(qty, fill, time)) return false;
    const exitFee = qty * fill * this.config.fee;
    this.cash += isLong ? qty * fill - exitFee : -(qty * fill + exitFee);
    this.feesPaid += exitFee;
    this.position = qty === held ? 0 : this.position + (isLong ? -qty : qty);
    this.consumeLots(qty, fill, time, exitFee, isLong, reason);
    if (this.position === 0) this.lots.length = 0; // float residue of partial exits
    this.entryPrice = averagePrice(this.lots);
    if (this.position === 0) {
      this.stopPrice = NaN;
      this.takePrice = NaN;
    }
    return true;
  }

  reject(time: number, reason: string): void {
    this.rejectedCount++;
    if (this.rejections.length < MAX_REJECTIONS_KEPT) this.rejections.push({ time, reason });
  }

  private sizeFor(price: number, isLong: boolean): number {
    const { sizing, sizingValue, fee } = this.config;
    switch (sizing) {
      case 'fixed':
        return sizingValue;
      case 'quote':
        return sizingValue / price;
      case 'percent':
        return (this.equity(price) * sizingValue) / 100 / price;
      case 'all-in': {
        // Longs spend free cash; shorts are sized on equity at 1x (margin/futures-style runs).
        const budget = isLong ? this.cash : this.equity(price);
        return Math.max(0, budget) / (price * (1 + fee));
      }
    }
  }

  /** Exchange filters: positive qty, min qty, min notional — refused like the exchange refuses. */
  private passesFilters(qty: number, price: number, time: number): boolean {
    if (!(qty > 0)) {
      this.reject(time, `order quantity rounds to 0 at lot step ${this.config.lotStep}`);
      return false;
    }
    if (qty * price < this.config.minNotional) {
      this.reject(time, `order notional ${fmt(qty * price)} below min notional ${this.config.minNotional}`);
      return false;
    }
    return true;
  }

  private setProtection(isLong: boolean, stopLossPct: number, takeProfitPct: number): void {
    const basis = this.entryPrice;
    const tick = this.config.tickSize;
    const dir = isLong ? 1 : -1;
    this.stopPrice = stopLossPct > 0 ? roundToTick(basis * (1 - (dir * stopLossPct) / 100), tick) : NaN;
    this.takePrice = takeProfitPct > 0 ? roundToTick(basis * (1 + (dir * takeProfitPct) / 100), tick) : NaN;
  }

  private consumeLots(qty: number, exit: number, time: number, exitFee: number, isLong: boolean, reason: ExitReason): void {
    let left = qty;
    const sign = isLong ? 1 : -1;
    while (left > 0 && this.lots.length > 0) {
      const lot = this.lots[0]!;
      const part = Math.min(lot.qty, left);
      const entryFee = lot.qty === part ? lot.fee : (lot.fee * part) / lot.qty;
      const fee = entryFee + (part === qty ? exitFee : (exitFee * part) / qty);
      const pnl = sign * (exit - lot.price) * part - fee;
      const returnPct = (pnl / (lot.price * part)) * 100;
      this.tally.add(pnl, returnPct);
      if (this.keepTrades) {
        this.trades.push({
          entryTime: lot.time,
          exitTime: time,
          side: isLong ? 'long' : 'short',
          qty: sign * part,
          entryPrice: lot.price,
          exitPrice: exit,
          fee,
          pnl,
          returnPct,
          exitReason: reason,
        });
      }
      lot.qty -= part;
      lot.fee -= entryFee;
      left -= part;
      // Float residue below one part in 1e9 of the lot counts as fully consumed.
      if (lot.qty <= part * 1e-9) this.lots.shift();
    }
  }
}

function averagePrice(lots: readonly Lot[]): number {
  let qty = 0;
  let cost = 0;
  for (const lot of lots) {
    qty += lot.qty;
    cost += lot.qty * lot.price;
  }
  return qty > 0 ? cost / qty : NaN;
}

function fmt(x: number): string {
  return Number(x.toPrecision(10)).toString();
}
