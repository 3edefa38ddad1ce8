// The portfolio of one instance, fed only by fills: cash, one net position made of FIFO lots, the
// average entry price, fees, realised P&L and the closed trades. Every mode keeps it the same way,
// so a backtest, a paper run and a live run that see the same fills hold the same numbers.
//
// float64 on purpose (the backtest's hot path runs through it); what goes to an exchange is rounded
// and carried as decimal strings by the execution layer. The arithmetic below is written in one
// fixed order: changing it changes results in the last bits, and every stored run must rerun exactly.
import type { Rejection, Trade } from '../core/index.ts';
import { TradeTally } from './trade-tally.ts';
import type { VenueFill } from './venue.ts';

interface Lot {
  qty: number;
  price: number;
  time: number;
  /** Entry fee still attributed to the remaining qty. */
  fee: number;
}

/** Keeps the rejection list bounded for strategies that insist on a refused order every candle. */
const MAX_REJECTIONS_KEPT = 1000;

/** What sizing and the venue's balance checks read. */
export interface AccountView {
  /** Free cash, quote currency. */
  readonly cash: number;
  /** Signed base quantity: > 0 long, < 0 short. */
  readonly position: number;
  /** Cash plus the position valued at `mark`, quote currency. */
  equity(mark: number): number;
}

export class Portfolio implements AccountView {
  cash: number;
  position = 0;
  /** Average entry price of the open position, NaN when flat. */
  entryPrice = NaN;
  /** Fees paid on every fill, quote currency. */
  feesPaid = 0;
  /** P&L of the closed trades, net of their fees, quote currency. */
  realisedPnl = 0;
  /** Closed trades, in order; empty when made with `keepTrades` false. */
  readonly trades: Trade[] = [];
  /** The closed trades' statistics, kept either way. */
  readonly tally = new TradeTally();
  /** The first refused orders and intents (at most 1,000); `rejectedCount` counts them all. */
  readonly rejections: Rejection[] = [];
  rejectedCount = 0;
  /**
   * The open lots are lots[firstLot .. endLot), oldest first. Slots are rewritten rather than
   * pushed and shifted, and the array is never emptied: emptying it drops its backing store, and a
   * sweep then allocated one per entry (half a million entries per example sweep).
   */
  private readonly lots: Lot[] = [];
  private firstLot = 0;
  private endLot = 0;

  /**
   * `startCash` in quote currency. `keepTrades` false: only the tally is kept (a sweep keeps
   * metrics only; a Trade object per closed trade was 417 k short-lived objects in the example sweep).
   */
  constructor(
    startCash: number,
    private readonly keepTrades = true,
  ) {
    this.cash = startCash;
  }

  equity(mark: number): number {
    return this.cash + this.position * mark;
  }

  /** Unrealised P&L of the open position at `mark`, before exit fees, quote currency. */
  unrealisedPnl(mark: number): number {
    return this.position === 0 ? 0 : (mark - this.entryPrice) * this.position;
  }

  /** Applies one fill: a buy adds to a long or reduces a short, a sell the reverse. */
  apply(fill: VenueFill): void {
    const isBuy = fill.side === 'buy';
    if (this.position === 0 || this.position > 0 === isBuy) this.open(fill, isBuy);
    else this.reduce(fill, this.position > 0);
  }

  /** Records a refusal (by the risk engine or the venue). */
  reject(time: number, reason: string): void {
    this.rejectedCount++;
    if (this.rejections.length < MAX_REJECTIONS_KEPT) this.rejections.push({ time, reason });
  }

  private open(fill: VenueFill, isLong: boolean): void {
    const notional = fill.qty * fill.price;
    this.cash += isLong ? -(notional + fill.fee) : notional - fill.fee;
    if (isLong && this.cash < 0) this.cash = 0; // float dust from the all-in bound
    this.position += isLong ? fill.qty : -fill.qty;
    this.feesPaid += fill.fee;
    if (this.endLot === this.lots.length) this.lots.push({ qty: 0, price: 0, time: 0, fee: 0 });
    const lot = this.lots[this.endLot++]!;
    lot.qty = fill.qty;
    lot.price = fill.price;
    lot.time = fill.time;
    lot.fee = fill.fee;
    this.entryPrice = this.averagePrice();
  }

  private reduce(fill: VenueFill, isLong: boolean): void {
    const { qty, price, fee } = fill;
    const held = Math.abs(this.position);
    this.cash += isLong ? qty * price - fee : -(qty * price + fee);
    this.feesPaid += fee;
    this.position = qty === held ? 0 : this.position + (isLong ? -qty : qty);
    this.consumeLots(fill, isLong);
    // Flat: float residue of partial exits goes too. Every slot is free again.
    if (this.position === 0 || this.firstLot === this.endLot) this.firstLot = this.endLot = 0;
    this.entryPrice = this.averagePrice();
  }

  /** Takes the fill rather than its numbers: floats passed to a call that is not inlined are boxed. */
  private consumeLots(fill: VenueFill, isLong: boolean): void {
    const { qty, price: exit, time, fee: exitFee, reason } = fill;
    let left = qty;
    const sign = isLong ? 1 : -1;
    while (left > 0 && this.firstLot < this.endLot) {
      const lot = this.lots[this.firstLot]!;
      const part = Math.min(lot.qty, left);
      const entryFee = lot.qty === part ? lot.fee : (lot.fee * part) / lot.qty;
      const fee = entryFee + (part === qty ? exitFee : (exitFee * part) / qty);
      const pnl = sign * (exit - lot.price) * part - fee;
      const returnPct = (pnl / (lot.price * part)) * 100;
      this.realisedPnl += pnl;
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
      if (lot.qty <= part * 1e-9) this.firstLot++;
    }
  }

  private averagePrice(): number {
    let qty = 0;
    let cost = 0;
    for (let i = this.firstLot; i < this.endLot; i++) {
      const lot = this.lots[i]!;
      qty += lot.qty;
      cost += lot.qty * lot.price;
    }
    return qty > 0 ? cost / qty : NaN;
  }
}
