// The limits one instance's risk engine holds every order to, already resolved for its mode
// (config/schemas/risk-defaults.ts gives each mode its defaults): shared by the config that
// resolves them and the risk engine that applies them. An absent limit is off.

/** Percentages are % (1 = 1%); money is quote currency. */
export interface RiskLimits {
  /** Spot is long-only; margin/futures-style runs allow shorts. */
  readonly allowShort: boolean;
  /** Entries per UTC day; Infinity = no limit. */
  readonly maxTradesPerDay: number;
  /**
   * Stop-loss every entry carries, % from the entry price; 0 = none. Where the strategy sets its
   * own, the tighter of the two holds, so no position is ever wider than this limit.
   */
  readonly stopLossPct?: number;
  /** Take-profit every entry carries, % from the entry price; 0 = none; the nearer of the two holds. */
  readonly takeProfitPct?: number;
  /** The position after an entry, at the reference price, as % of equity. */
  readonly maxPositionPct?: number | undefined;
  /** One entry's notional as % of the instance's capital. */
  readonly maxOrderPct?: number | undefined;
  /** A limit price or stop trigger at most this % away from the last trade price. */
  readonly maxPriceDeviationPct?: number | undefined;
  /** The UTC day's loss (equity at 00:00 UTC minus equity now), quote currency. */
  readonly maxDailyLoss?: number | undefined;
  /** The UTC day's loss as % of the equity at 00:00 UTC. */
  readonly maxDailyLossPct?: number | undefined;
  /** Fall from the equity peak, %, that pauses entries until an operator resumes. */
  readonly maxDrawdownPct?: number | undefined;
  /** ATR / last price, %, above which no entry is taken. */
  readonly maxAtrPct?: number | undefined;
  /** ATR period (candles) of the volatility filter; 14 when absent (Wilder's). */
  readonly atrPeriod?: number | undefined;
  /** Check the exchange filters (lot size, min notional, price) before an order leaves. */
  readonly checkFilters?: boolean | undefined;
}

/** ATR period when none is given: Wilder's 14. */
export const DEFAULT_ATR_PERIOD = 14;

/** The limits a settings file may switch off with `null`, and that are off unless set (or given by the mode). */
export const SWITCHABLE_LIMITS = [
  'maxPositionPct',
  'maxOrderPct',
  'maxPriceDeviationPct',
  'maxDailyLoss',
  'maxDailyLossPct',
  'maxDrawdownPct',
  'maxAtrPct',
  'atrPeriod',
  'checkFilters',
] as const satisfies readonly (keyof RiskLimits)[];

export type SwitchableLimit = (typeof SWITCHABLE_LIMITS)[number];

/** The switchable limits as settings give them: absent = the mode's default, null = off. */
export type SwitchableLimitSettings = { readonly [K in SwitchableLimit]?: RiskLimits[K] | null };

/** The switchable limits that are set, those given as null (off) or absent left out. */
export function switchableLimits(settings: SwitchableLimitSettings): Pick<RiskLimits, SwitchableLimit> {
  const limits: Record<string, unknown> = {};
  for (const key of SWITCHABLE_LIMITS) {
    const value = settings[key];
    if (value !== undefined && value !== null) limits[key] = value;
  }
  return limits as Pick<RiskLimits, SwitchableLimit>;
}
