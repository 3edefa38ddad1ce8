// A venue's fill in the kernel's terms: base quantity, price and a fee in quote currency, so the
// portfolio's cash and position move exactly as the venue's balances do.
//
// Binance charges a buy's commission in the asset received (the base), unless BNB pays it. A fee
// in base changes the quantity that reaches the account: a buy of 0.01 BTC with 0.00001 BTC
// commission adds 0.00999 BTC. So the fill is reported as the base actually received (or, for a
// sell, given up), and the fee as that commission valued at the fill price: cash − (qty × price +
// fee) is then exactly the quote the venue debited. A fee in any other asset (BNB) has no price
// here, and a fill reported without its fee (a venue that gives only cumulative quantities) has
// none either: both are estimated at the configured fee rate on notional.
import type { Market } from '../core/index.ts';
import type { FillEvent } from '../execution/index.ts';

/** A fill after conversion: `qty` base units at `price`, `fee` in quote currency. */
export interface ConvertedFill {
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
}

/**
 * Converts one of the venue's fills (quantities in base, prices in quote) for a buy or a sell on
 * `market`; `feeRate` (fraction of notional) is the estimate for a fee in an asset that has no
 * price here or a fee not reported. Throws nothing.
 */
export function convertFill(fill: FillEvent, isBuy: boolean, market: Pick<Market, 'base' | 'quote'>, feeRate: number): ConvertedFill {
  if (fill.feeCurrency === market.quote) return { qty: fill.amount, price: fill.price, fee: fill.fee };
  if (fill.feeCurrency === market.base) {
    const qty = isBuy ? fill.amount - fill.fee : fill.amount + fill.fee;
    return { qty, price: fill.price, fee: fill.fee * fill.price };
  }
  return { qty: fill.amount, price: fill.price, fee: fill.amount * fill.price * feeRate };
}

/**
 * A fill that closes the whole position but leaves less than one lot step of it (what a fee taken in
 * base leaves behind: the venue cannot sell it) is reported as closing it all: the remainder is
 * written off at the fill price and its value added to the fee, so the portfolio goes flat, its cash
 * still matches the venue's, and the dust stays at the venue outside the portfolio (as Binance
 * leaves it, to be converted with "dust to BNB").
 */
export function writeOffDust(fill: ConvertedFill, held: number, lotStep: number): ConvertedFill {
  const rest = held - fill.qty;
  if (!(rest > 0) || rest >= lotStep * (1 - 1e-9)) return fill;
  return { qty: held, price: fill.price, fee: fill.fee + rest * fill.price };
}
