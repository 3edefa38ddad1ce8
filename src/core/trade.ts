// What trading produces, in every mode: closed round trips and refusals. Times are UTC ms,
// money in quote currency.

export type ExitReason = 'signal' | 'stop-loss' | 'take-profit' | 'reverse' | 'end-of-data';

/** One closed round trip. `qty` is negative for shorts; times are UTC ms. */
export interface Trade {
  readonly entryTime: number;
  readonly exitTime: number;
  readonly side: 'long' | 'short';
  readonly qty: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Entry plus exit fee, in quote currency. */
  readonly fee: number;
  /** Net of fees. */
  readonly pnl: number;
  /** pnl over entry notional, in %. */
  readonly returnPct: number;
  readonly exitReason: ExitReason;
}

/** An intent the risk engine or the broker refused, and why. */
export interface Rejection {
  readonly time: number;
  readonly reason: string;
}
