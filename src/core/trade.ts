// What trading produces and holds, in every mode: fills, closed round trips, refusals, a
// portfolio snapshot. Times are UTC ms, money in quote currency.
import type { Side } from './types.ts';

/** Why a position was closed; `close-all` is the operator's close-all of a paper instance (live/kill-switch.ts). */
export type ExitReason = 'signal' | 'stop-loss' | 'take-profit' | 'reverse' | 'end-of-data' | 'close-all';

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

/** One execution, in every mode: `qty` base units at `price` (slippage included), `fee` in quote currency. */
export interface Fill {
  readonly side: Side;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
  /** UTC ms: the open time of the candle it filled in (simulated) or the venue's trade time. */
  readonly time: number;
  /** For a fill that reduces a position: why the position was closed. */
  readonly reason: ExitReason;
}

/** A portfolio's state at one moment, as the risk engine judges an intent against it. */
export interface PortfolioSnapshot {
  /** UTC ms. */
  readonly time: number;
  /** Signed base quantity: > 0 long, < 0 short. */
  readonly position: number;
  /** Average entry price of the position, NaN when flat. */
  readonly entryPrice: number;
  /** Free cash, quote currency. */
  readonly cash: number;
  /** Cash plus the position at the last close, quote currency. */
  readonly equity: number;
}
