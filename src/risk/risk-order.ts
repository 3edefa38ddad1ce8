// What the risk engine judges: an order (the engine's VenueOrder has this shape), what it is
// expected to trade, and the portfolio and market at the moment of the decision.
import type { PortfolioSnapshot, Side } from '../core/index.ts';

/** The roles of engine/venue.ts: entries open or add, exits close, the rest only reduce. */
export type RiskOrderRole = 'entry' | 'exit' | 'stop-loss' | 'take-profit' | 'end-of-data' | 'close-all';

export interface RiskOrder {
  readonly role: RiskOrderRole;
  readonly side: Side;
  readonly type: 'market' | 'limit' | 'stop';
  /** Limit price or stop trigger, quote currency; absent for market orders. */
  readonly price?: number | undefined;
}

/** What an order is expected to trade, worked out by whoever sized it (the kernel). */
export interface OrderEstimate {
  /** The strategy's fraction: of the sizing (entries) or of the position (exits), in (0, 1]. */
  readonly fraction: number;
  /** Base quantity after lot-step rounding; NaN when the caller cannot size orders. */
  readonly qty: number;
  /** The price it is expected to trade at, quote currency: its limit, else the last trade price. */
  readonly price: number;
}

/** The portfolio at the decision (core's PortfolioSnapshot) and the last trade price, quote currency. */
export interface RiskState extends PortfolioSnapshot {
  readonly lastPrice: number;
}
