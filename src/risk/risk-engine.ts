// Pre-trade risk: every order passes here before it can reach a venue, and only an order this
// engine passed can (approved-order.ts). Refusals are values with a stable code (refusal.ts),
// counted per code. Exits and protective orders are never held back by entry limits; only a halt
// stops the strategy's exits. Every limit is off unless set, so a backtest without limits is
// judged exactly as before; live modes get theirs from config/schemas/risk-defaults.ts.
import { DEFAULT_ATR_PERIOD, filterBreach, formatAmount as amount, InvariantError, priceBreach } from '../core/index.ts';
import type { Intent, MarketRules, RiskLimits } from '../core/index.ts';
import { Atr } from '../indicators/index.ts';
import { approve } from './approved-order.ts';
import type { Approved } from './approved-order.ts';
import { entryLimitRefusal, positionAfter } from './entry-limits.ts';
import { EquityWatch } from './equity-watch.ts';
import type { FleetRisk } from './fleet-risk.ts';
import type { OrderEstimate, RiskOrder, RiskState } from './risk-order.ts';
import { RISK_CODES, refusal } from './refusal.ts';
import type { RiskCode, RiskRefusal } from './refusal.ts';
import { stricterState } from './trading-state.ts';
import type { StateWithReason, TradingState } from './trading-state.ts';

/** The stop-loss and take-profit an entry is opened with, % from the entry price (0 = none). */
export interface Protection {
  readonly stopLossPct: number;
  readonly takeProfitPct: number;
}

/** The verdict on one order: the order, now approved, or the refusal. */
export type RiskDecision<O> = { readonly approved: true; readonly order: Approved<O> } | RiskRefusal;

export interface RiskEngineOptions {
  /** The instance's name: its key in the fleet's exposures. */
  readonly name?: string;
  /** The fleet the instance belongs to: its state and exposure limit apply too. */
  readonly fleet?: FleetRisk;
  /** The instance's capital, quote currency, that `maxOrderPct` is a share of; equity at the decision when absent. */
  readonly capital?: number;
  /** The market's filters; required with `checkFilters`. */
  readonly market?: Pick<MarketRules, 'lotStep' | 'minNotional'>;
  /** Called with every refusal, for the journal. */
  readonly onRefused?: (refusal: RiskRefusal, time: number) => void;
}

const NO_PROTECTION: Protection = Object.freeze({ stopLossPct: 0, takeProfitPct: 0 });
const ACTIVE: StateWithReason = Object.freeze({ state: 'active', reason: '' });
const DAY_MS = 86_400_000;

export class RiskEngine {
  private own: StateWithReason = ACTIVE;
  private day = -1;
  private entriesToday = 0;
  private readonly counts = new Map<RiskCode, number>();
  private readonly equity = new EquityWatch();
  private readonly atr: Atr | null;
  /** The UTC day the daily loss limit was reached in; entries wait for the next day. */
  private dailyLossDay = NaN;
  private dailyLossReason = '';
  /** Set when the drawdown limit is reached; only `resume` clears it. */
  private drawdownReason = '';

  constructor(
    private readonly limits: RiskLimits,
    private readonly options: RiskEngineOptions = {},
  ) {
    this.atr = limits.maxAtrPct === undefined ? null : new Atr(limits.atrPeriod ?? DEFAULT_ATR_PERIOD);
    if (limits.checkFilters === true && options.market === undefined) throw new InvariantError('a risk engine that checks exchange filters was given no market rules');
    if (options.fleet !== undefined && options.name === undefined) throw new InvariantError('a risk engine in a fleet needs its instance name (its key in the fleet\'s exposures)');
    const l = limits;
    this.watching = this.atr !== null || l.maxDailyLoss !== undefined || l.maxDailyLossPct !== undefined || l.maxDrawdownPct !== undefined || options.fleet !== undefined;
  }

  /** `watchesMarket`, worked out once: the limits and the fleet do not change (read on every entry). */
  private readonly watching: boolean;

  /** True when some rule reads the candles or the equity path: the kernel then calls `observe` on every candle. */
  get watchesMarket(): boolean {
    return this.watching;
  }

  /** True when some rule needs the order's quantity (OrderEstimate.qty). */
  get needsOrderSize(): boolean {
    const l = this.limits;
    return l.maxPositionPct !== undefined || l.maxOrderPct !== undefined || l.checkFilters === true || this.options.fleet?.limits.maxExposure !== undefined;
  }

  /**
   * A closed candle (UTC ms open time, prices quote) and the equity and signed position at its
   * close: feeds the ATR, the equity peak and the day's start, and the fleet's exposure.
   */
  observe(time: number, high: number, low: number, close: number, equity: number, position: number): void {
    this.atr?.step(high, low, close);
    this.watchEquity(time, equity);
    this.options.fleet?.setExposure(this.name, Math.abs(position) * close);
  }

  /**
   * Judges one order: `estimate` is what it is expected to trade, `state` the portfolio and the
   * last trade price at the decision. Protective and end-of-data orders pass (they only
   * reduce; the kernel sends them through approveProtective); a halt refuses the rest; exits pass every entry limit (only the exchange
   * filters, when checked); entries meet every rule, in the order of RISK_CODES. An approved entry
   * counts in the fleet's exposure at once, so two instances cannot both take the fleet's last room.
   * Never throws for a refusal: it is the returned value, also counted and given to `onRefused`.
   */
  check<O extends RiskOrder>(order: O, estimate: OrderEstimate, state: RiskState): RiskDecision<O> {
    const verdict = this.verdict(order, estimate, state);
    if (verdict === undefined) return { approved: true, order: approve(order) };
    this.counts.set(verdict.code, (this.counts.get(verdict.code) ?? 0) + 1);
    this.options.onRefused?.(verdict, state.time);
    return verdict;
  }

  /**
   * Approves a protective order (stop-loss, take-profit), a backtest's end-of-data close or an
   * operator's close-all, which only reduce the position, in every state (`halted` included). Throws InvariantError for an entry or an exit.
   */
  approveProtective<O extends RiskOrder>(order: O): Approved<O> {
    if (order.role === 'entry' || order.role === 'exit') throw new InvariantError(`a ${order.role} order asked to pass as protective`);
    return approve(order);
  }

  /** The protection an approved entry is opened with: the strategy's own, tightened to the limits. */
  protection(intent: Intent): Protection {
    if (intent.type !== 'enter') return NO_PROTECTION;
    const stopLossPct = tighter(intent.stopLossPct ?? 0, this.limits.stopLossPct ?? 0);
    const takeProfitPct = tighter(intent.takeProfitPct ?? 0, this.limits.takeProfitPct ?? 0);
    // The common entry carries none: one shared object instead of one per entry.
    return stopLossPct === 0 && takeProfitPct === 0 ? NO_PROTECTION : { stopLossPct, takeProfitPct };
  }

  /** Counts an entry that was actually filled against the day's limit. */
  recordEntry(time: number): void {
    this.rollDay(time);
    this.entriesToday++;
  }

  /** The instance's own state (the fleet's may be stricter: see `effectiveState`). */
  get state(): StateWithReason {
    return this.own;
  }

  /** The stricter of the instance's and the fleet's state, with its reason. */
  get effectiveState(): StateWithReason {
    const fleet = this.options.fleet?.state;
    if (fleet === undefined || stricterState(this.own.state, fleet.state) === this.own.state) return this.own;
    return fleet;
  }

  /** Sets the instance's state; `reason` is one line, shown in refusals. */
  setState(state: TradingState, reason: string): void {
    this.own = state === 'active' ? ACTIVE : { state, reason };
  }

  /** Kill switch: nothing new from the strategy until resumed; protective orders still pass. */
  halt(reason: string): void {
    this.setState('halted', reason);
  }

  /** An operator's resume: back to active, the drawdown pause lifted and its peak reset to the equity now. */
  resume(): void {
    this.setState('active', '');
    this.drawdownReason = '';
    this.equity.resetPeak();
  }

  get halted(): boolean {
    return this.own.state === 'halted';
  }

  /** Refusals so far, per code (every code present, 0 when none). */
  refusalCounts(): Readonly<Record<RiskCode, number>> {
    return Object.fromEntries(RISK_CODES.map((code) => [code, this.counts.get(code) ?? 0])) as Record<RiskCode, number>;
  }

  /** Entries are paused by a loss limit: the code and reason, or undefined. */
  get pause(): RiskRefusal | undefined {
    if (this.drawdownReason !== '') return refusal('DRAWDOWN_PAUSE', this.drawdownReason);
    if (this.dailyLossDay === this.equity.day) return refusal('DAILY_LOSS', this.dailyLossReason);
    return undefined;
  }

  private get name(): string {
    return this.options.name ?? '';
  }

  private verdict(order: RiskOrder, estimate: OrderEstimate, state: RiskState): RiskRefusal | undefined {
    if (order.role !== 'entry' && order.role !== 'exit') return undefined;
    const current = this.effectiveState;
    if (current.state === 'halted') return refusal('HALTED', `trading halted: ${current.reason}`);
    if (order.role === 'exit') return this.filterRefusal(order, estimate);
    if (current.state === 'reducing') return refusal('REDUCING', `only reducing exposure: ${current.reason}`);
    const { fraction } = estimate;
    if (!(fraction > 0 && fraction <= 1)) return refusal('INVALID_FRACTION', `entry fraction ${fraction} outside (0, 1]`);
    if (order.side === 'sell' && !this.limits.allowShort) return refusal('SHORT_ON_SPOT', 'short selling is not allowed on spot (use --allow-short)');
    this.rollDay(state.time);
    if (this.entriesToday >= this.limits.maxTradesPerDay) return refusal('TRADES_PER_DAY', `max trades per day (${this.limits.maxTradesPerDay}) reached`);
    if (this.watchesMarket) this.watchEquity(state.time, state.equity);
    const paused = this.pause;
    if (paused !== undefined) return paused;
    const volatile = this.volatilityRefusal(state.lastPrice);
    if (volatile !== undefined) return volatile;
    const limited = entryLimitRefusal(order, estimate, state, this.limits, this.options.capital ?? state.equity);
    if (limited !== undefined) return limited;
    // The filters before the fleet: an approved entry reserves its room there, a refused one must not.
    return this.filterRefusal(order, estimate) ?? this.reserveFleetExposure(order, estimate, state);
  }

  /**
   * Moves the entries' day forward to `time`'s UTC day, never back: on an exchange a fill is stamped
   * by the exchange's clock, which may already be past midnight while the candle being decided is
   * not, and going back would start the day's count again.
   */
  private rollDay(time: number): void {
    const day = Math.floor(time / DAY_MS);
    if (day > this.day) {
      this.day = day;
      this.entriesToday = 0;
    }
  }

  /** Follows the equity and latches the loss limits it reaches. */
  private watchEquity(time: number, equity: number): void {
    const watch = this.equity;
    watch.observe(time, equity);
    const { maxDailyLoss, maxDailyLossPct, maxDrawdownPct } = this.limits;
    if (this.dailyLossDay !== watch.day) {
      const loss = watch.dayLoss;
      const lossPct = watch.dayStart > 0 ? (loss / watch.dayStart) * 100 : 0;
      if (maxDailyLoss !== undefined && loss >= maxDailyLoss) this.latchDailyLoss(`daily loss ${amount(loss)} reached the limit ${maxDailyLoss} (resets 00:00 UTC)`);
      else if (maxDailyLossPct !== undefined && lossPct >= maxDailyLossPct) this.latchDailyLoss(`daily loss ${amount(lossPct)}% reached the limit ${maxDailyLossPct}% (resets 00:00 UTC)`);
    }
    if (maxDrawdownPct !== undefined && this.drawdownReason === '' && watch.drawdownPct >= maxDrawdownPct) {
      this.drawdownReason = `drawdown ${amount(watch.drawdownPct)}% from the equity peak ${amount(watch.peak)} reached the limit ${maxDrawdownPct}%: paused until resumed`;
    }
  }

  private latchDailyLoss(reason: string): void {
    this.dailyLossDay = this.equity.day;
    this.dailyLossReason = reason;
  }

  /** ATR over the last price against the bound; an ATR not known yet refuses too (no decision without data). */
  private volatilityRefusal(lastPrice: number): RiskRefusal | undefined {
    const { atr } = this;
    if (atr === null) return undefined;
    const bound = this.limits.maxAtrPct!;
    if (!atr.ready) return refusal('VOLATILITY', `ATR(${atr.period}) not known yet`);
    const pct = (atr.value / lastPrice) * 100;
    return pct > bound ? refusal('VOLATILITY', `ATR/price ${amount(pct)}% above the limit ${bound}%`) : undefined;
  }

  /** The fleet's exposure with this entry against its bound; an approved entry is counted at once. */
  private reserveFleetExposure(order: RiskOrder, estimate: OrderEstimate, state: RiskState): RiskRefusal | undefined {
    const fleet = this.options.fleet;
    if (fleet === undefined) return undefined;
    const after = positionAfter(order, estimate, state) * estimate.price;
    const total = fleet.exposure - fleet.exposureOf(this.name) + after;
    const bound = fleet.limits.maxExposure;
    if (bound !== undefined && total > bound) return refusal('FLEET_EXPOSURE', `fleet exposure after the order ${amount(total)} above the fleet limit ${bound}`);
    fleet.setExposure(this.name, after);
    return undefined;
  }

  private filterRefusal(order: RiskOrder, estimate: OrderEstimate): RiskRefusal | undefined {
    if (this.limits.checkFilters !== true) return undefined;
    const breach = (order.price === undefined ? undefined : priceBreach(order.price)) ?? filterBreach(estimate.qty, estimate.price, this.options.market!);
    return breach === undefined ? undefined : refusal(breach.code, breach.message);
  }
}

/** The smaller positive distance of two, where 0 means "none". */
function tighter(a: number, b: number): number {
  if (a > 0 && b > 0) return Math.min(a, b);
  return a > 0 ? a : b;
}
