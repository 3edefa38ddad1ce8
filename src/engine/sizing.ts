// Position sizing, in one place for every mode: how many base units an entry is for, before the
// lot-step rounding the venue applies.
import { roundDownToStep } from '../core/index.ts';
import type { SizingMode } from '../core/index.ts';
import type { AccountView } from './portfolio.ts';

export interface SizingSettings {
  readonly sizing: SizingMode;
  /** fixed: base quantity; quote: quote amount; percent: % of equity (2 = 2%); all-in: unused. */
  readonly sizingValue: number;
  /** Taker fee, fraction of notional: an all-in buy keeps room for it. */
  readonly fee: number;
}

/**
 * Base quantity of a full-size entry at `price` (quote currency, slippage included) for `account`:
 * fixed → the value; quote → value / price; percent → equity × value% / price; all-in → a long
 * spends the free cash (fee included), a short is sized on equity at 1x (margin/futures-style
 * runs). Never negative. Multiply by the intent's fraction, then round down to the lot step.
 */
export function entryQuantity(settings: SizingSettings, account: AccountView, price: number, isLong: boolean): number {
  const { sizing, sizingValue, fee } = settings;
  switch (sizing) {
    case 'fixed':
      return sizingValue;
    case 'quote':
      return sizingValue / price;
    case 'percent':
      return (account.equity(price) * sizingValue) / 100 / price;
    case 'all-in': {
      const budget = isLong ? account.cash : account.equity(price);
      return Math.max(0, budget) / (price * (1 + fee));
    }
  }
}

/** Base units that close `fraction` (0, 1] of a position of `held` base units: all of it at 1, else rounded down to the lot step. */
export function positionShare(held: number, fraction: number, lotStep: number): number {
  return fraction >= 1 ? held : roundDownToStep(held * fraction, lotStep);
}
