// What a canary or live instance checks and says at start, beyond the live-access gate: that the
// account's free quote balance covers the capital the instance trades with (several real-money
// instances on one account share it, so each counts what the ones before it took), and one log
// line with the caps its risk engine holds it to, so an operator reading the log knows the bounds.
import { ConfigError, switchableLimits } from '../core/index.ts';
import type { Market, RiskLimits } from '../core/index.ts';
import type { SimulatedKernelSettings } from '../engine/index.ts';
import type { Exchange } from '../exchange/index.ts';

/** Free quote a fleet has already counted against an account's balance, by account (`venue|key|asset`). */
export type CommittedCapital = Map<string, number>;

export interface CapitalCheck {
  readonly instance: string;
  /** The account the instance trades on: its venue and key name (instances sharing both share the balance). */
  readonly account: string;
  readonly exchange: Pick<Exchange, 'fetchBalance'>;
  readonly market: Market;
  /** Quote the instance may spend, quote currency: its free cash after start-up recovery. */
  readonly need: number;
  /** Where the instance's capital is set, for the refusal. */
  readonly location: { readonly file: string; readonly field: string };
}

/**
 * Refuses (ConfigError, one line naming the instance's `cash` field) when the account's free
 * balance of the market's quote asset is below `need` plus what earlier instances on the same
 * account took; else counts `need` in `committed`. What the exchange throws passes through.
 */
export async function checkCapitalCovered(check: CapitalCheck, committed: CommittedCapital): Promise<void> {
  const { market, need } = check;
  const key = `${check.account}|${market.quote}`;
  const taken = committed.get(key) ?? 0;
  const free = (await check.exchange.fetchBalance())[market.quote]?.free ?? 0;
  if (free < taken + need) {
    const others = taken > 0 ? ` (${formatQuote(taken)} of it already taken by the instances before it on this account)` : '';
    throw new ConfigError(`instance '${check.instance}' trades real money with ${formatQuote(need)} ${market.quote}, but the account has ${formatQuote(free)} ${market.quote} free${others}: lower its cash or fund the account`, check.location);
  }
  committed.set(key, taken + need);
}

/** The caps a real-money instance runs under, as logged: % are %, money is quote currency, null = off. */
export interface RealMoneyCaps {
  readonly capital: number;
  readonly maxPositionPct: number | null;
  readonly maxOrderPct: number | null;
  readonly maxDailyLoss: number | null;
  readonly maxDailyLossPct: number | null;
  readonly maxTradesPerDay: number | null;
  readonly maxDrawdownPct: number | null;
  readonly maxPriceDeviationPct: number | null;
  readonly maxAtrPct: number | null;
  readonly checkFilters: boolean;
}

/** The caps the risk engine of an instance with `settings` holds it to, and the one line that says them. */
export function describeCaps(settings: SimulatedKernelSettings, quote: string): { caps: RealMoneyCaps; message: string } {
  const limits: Partial<RiskLimits> = switchableLimits(settings);
  const trades = settings.maxTradesPerDay ?? null;
  const caps: RealMoneyCaps = {
    capital: settings.cash,
    maxPositionPct: limits.maxPositionPct ?? null,
    maxOrderPct: limits.maxOrderPct ?? null,
    maxDailyLoss: limits.maxDailyLoss ?? null,
    maxDailyLossPct: limits.maxDailyLossPct ?? null,
    maxTradesPerDay: trades === null || !Number.isFinite(trades) ? null : trades,
    maxDrawdownPct: limits.maxDrawdownPct ?? null,
    maxPriceDeviationPct: limits.maxPriceDeviationPct ?? null,
    maxAtrPct: limits.maxAtrPct ?? null,
    checkFilters: limits.checkFilters ?? false,
  };
  const pct = (value: number | null, what: string): string => (value === null ? `no ${what} limit` : `${what} ${value}%`);
  const parts = [
    `capital ${formatQuote(caps.capital)} ${quote}`,
    pct(caps.maxPositionPct, 'max position'),
    pct(caps.maxOrderPct, 'max order'),
    `daily loss ${caps.maxDailyLoss === null ? 'unbounded in money' : `${formatQuote(caps.maxDailyLoss)} ${quote}`} / ${caps.maxDailyLossPct === null ? 'unbounded in %' : `${caps.maxDailyLossPct}%`}`,
    caps.maxTradesPerDay === null ? 'no entries-a-day limit' : `${caps.maxTradesPerDay} entries a day`,
    pct(caps.maxDrawdownPct, 'drawdown pause at'),
    pct(caps.maxPriceDeviationPct, 'price deviation'),
    pct(caps.maxAtrPct, 'ATR/price'),
    caps.checkFilters ? 'exchange filters checked' : 'exchange filters not checked',
  ];
  return { caps, message: `real money under these caps: ${parts.join(', ')}` };
}

function formatQuote(value: number): string {
  return String(Math.round(value * 1e8) / 1e8);
}
