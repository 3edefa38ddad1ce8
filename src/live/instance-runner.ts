// One instance of a fleet: its closed-candle feed, its session (the kernel on the venue its mode
// trades on) and its journal. Per live candle it writes the candle, the decision (through the
// strategy decorator, before the kernel acts), orders and fills (through the venue decorator,
// before they are passed on), then the refusals and closed trades the candle brought and a
// balance snapshot (a trade once: those of earlier runs that recovery rebuilt the portfolio with are
// not written again). `exitAfterCandles` stops it cleanly after that many live candles. What the feed
// goes through (a stale or dropped stream, a pause on a gap) is journaled (`feed`), logged and in
// its status. After a gap the strategy sees the missed candles in order; on a venue other than the
// simulated one, the orders of those it catches up on (a newer candle has closed too) are refused:
// their prices are old.
import { InvariantError, monotonicMs, systemClock } from '../core/index.ts';
import type { Candle } from '../core/index.ts';
import type { InstanceConfig } from '../config/index.ts';
import type { Portfolio, RestoredProtection, SimulatedKernelSettings, Venue, VenueOrder } from '../engine/index.ts';
import type { InstanceObserver } from '../metrics/index.ts';
import type { FleetRisk, RiskEngine, RiskRefusal, TradingState } from '../risk/index.ts';
import type { Strategy } from '../strategies/index.ts';
import type { InstanceJournal } from './instance-journal.ts';
import type { Logger } from './log.ts';
import { describeIntent, JournalingStrategy } from './journaling-strategy.ts';
import { JournalingVenue } from './journaling-venue.ts';
import { binanceKlineSource } from '../exchange/index.ts';
import { ClosedCandleFeed, staleBoundMs } from './closed-candle-feed.ts';
import type { CandleOrigin, FeedEvent } from './closed-candle-feed.ts';
import { GatedVenue } from './gated-venue.ts';
import { PaperSession } from './paper-session.ts';

/** A venue a runner drives: `idle` (exchange venues) resolves once the work a candle queued is done. */
export interface RunnerVenue extends Venue {
  idle?(): Promise<void>;
}

export interface InstanceRunnerOptions {
  readonly instance: InstanceConfig;
  /** The instance's settings with the market rules filled in (a backtest config of it). */
  readonly settings: SimulatedKernelSettings;
  readonly strategy: Strategy;
  /** The strategy's name or file, for error messages. */
  readonly strategyName: string;
  readonly journal: InstanceJournal;
  /** REST and WebSocket bases of the venue the candles come from. */
  readonly market: { readonly restUrl: string; readonly wsUrl: string };
  /** Market ms per wall ms: the simulator's replay speed (the feed's staleness bound shrinks with it); 1 (default) for a real venue. */
  readonly marketSpeed?: number;
  /** Absent: the simulated venue (paper). */
  readonly venue?: (portfolio: Portfolio) => RunnerVenue;
  /**
   * The protective pair of the position start-up recovery rebuilt (live/recovery.ts), re-armed once
   * the instance has started, before its first live candle, so the position is never unprotected.
   */
  readonly protection?: RestoredProtection | undefined;
  /**
   * Open time (UTC ms) of the last candle an earlier run of the instance decided on (its last
   * `decision` entry): when it is still the venue's newest, it closes the warm-up instead of being
   * decided on again (a second order for one candle). Absent: the first run, or one that starts afresh.
   */
  readonly decidedThrough?: number | undefined;
  readonly exitAfterCandles?: number | undefined;
  /** Called after every live candle (for the fleet's table). */
  readonly onUpdate?: () => void;
  /** The fleet's shared risk (state and exposure) the instance's risk engine reads on every order. */
  readonly fleetRisk?: FleetRisk;
  /** Called before every live candle's decisions (the kill switch's `sync`: flags → trading states). */
  readonly beforeCandle?: () => void;
  /** The instance's logger (its lines carry its name and mode). */
  readonly log?: Logger;
  /** The metrics: each live candle's time to decision. */
  readonly observer?: Pick<InstanceObserver, 'decided'> | undefined;
}

export type RunnerState = 'starting' | 'running' | 'stopped' | 'failed';

/** The candle feed as the instance's status shows it: `paused: missing candle <ISO time>` while decisions wait on a gap; `stopped` once the instance has stopped or failed. */
export type FeedStatus = 'live' | 'stale' | 'stopped' | `paused: missing candle ${string}`;

/** One row of the fleet's table and of `rampart status`. */
export interface InstanceStatus {
  readonly instance: string;
  readonly mode: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly state: RunnerState;
  /** Signed base quantity held. */
  readonly position: number;
  /** Cash plus the position at the last close, quote currency. */
  readonly equity: number;
  /** Equity less the starting cash, quote currency: over the same span as `trades`. */
  readonly pnl: number;
  /** Closed trades: an exchange instance's since its first start (its portfolio is rebuilt from every fill on record), a paper or shadow instance's in this run. */
  readonly trades: number;
  readonly lastSignal: string;
  /** Trading state (active | reducing | halted): the stricter of the instance's and the fleet's. */
  readonly riskState: TradingState;
  /** Why the state is not active (the kill switch, a rule); empty when active. */
  readonly riskReason: string;
  /** Live candles handled. */
  readonly candles: number;
  /** Open time (UTC ms) of the last candle handled; null before the first. */
  readonly lastCandleTime: number | null;
  /** The candle feed: live, stale (its stream being replaced), paused on a gap (no decisions), or stopped with the instance. */
  readonly feed: FeedStatus;
  /** Orders refused in this run (by the risk engine or the venue). */
  readonly refusals: number;
  /** The last refusal's code (a risk code such as POSITION_LIMIT, or VENUE for the venue's); null before the first. */
  readonly lastRefusal: string | null;
  /** Wall-clock ms of the freshest market data: the last live candle's arrival (live candles' start before the first); null before they start. Only from a fleet in this process. */
  readonly dataAt?: number | null;
  /** Wall-clock ms of the kline stream's last message (its connection counts as one); null before it connected. Only from a fleet in this process. */
  readonly heartbeatAt?: number | null;
  readonly error?: string;
}

export class InstanceRunner {
  private readonly feed: ClosedCandleFeed;
  private feedState: 'live' | 'stale' = 'live';
  /** Set while the candle being handled is one caught up on after a gap: its orders are refused off the simulated venue. */
  private catchingUp: number | undefined;
  private running: Promise<void> | undefined;
  private attempted: (() => void) | undefined;
  private readonly strategy: JournalingStrategy;
  private session: PaperSession | undefined;
  private venue: RunnerVenue | undefined;
  private candles = 0;
  private lastCandleTime: number | null = null;
  private dataAt: number | null = null;
  private rejectionsSeen = 0;
  /** Refusals journaled in this run, and the last one's code. */
  private refusalCount = 0;
  private lastRefusal: string | null = null;
  /** The risk engine's refusals not yet journaled, oldest first: their codes join the portfolio's rejections. */
  private readonly refusals: { refusal: RiskRefusal; time: number }[] = [];
  private lastClose: number | undefined;
  private tradesSeen = 0;
  private state: RunnerState = 'starting';
  private error: string | undefined;
  private finish!: () => void;
  private fail!: (error: unknown) => void;
  /** Resolves when the instance has stopped (after `exitAfterCandles`, or `stop`); rejects when it failed. */
  readonly done: Promise<void>;

  constructor(private readonly options: InstanceRunnerOptions) {
    this.strategy = new JournalingStrategy(options.strategy, options.journal);
    const { instance } = options;
    this.feed = new ClosedCandleFeed({
      source: binanceKlineSource({ ...options.market, symbol: instance.symbol, timeframe: instance.timeframe }),
      timeframe: instance.timeframe,
      staleAfterMs: staleBoundMs(instance.timeframe, options.marketSpeed),
      onCandle: (candle, origin) => this.onCandle(candle, origin),
      onEvent: (event) => this.onFeedEvent(event),
    });
    this.done = new Promise((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    this.done.catch(() => undefined); // the fleet reads the failure; no unhandled rejection meanwhile
  }

  get name(): string {
    return this.options.instance.name;
  }

  /** The instance's entry in the fleet file and its settings (market rules filled in). */
  get config(): Pick<InstanceRunnerOptions, 'instance' | 'settings'> {
    return this.options;
  }

  /** The instance's risk engine; set by `start`. */
  get risk(): RiskEngine {
    if (this.session === undefined) throw new InvariantError(`instance '${this.name}' has no risk engine before it starts`);
    return this.session.risk;
  }

  /** The last live close (quote per base), for a close-all sell; undefined before the first. */
  get lastPrice(): number | undefined {
    return this.lastClose;
  }

  /** Resolves once the orders the last candle queued at an exchange venue are sent. */
  async idle(): Promise<void> {
    await this.venue?.idle?.();
  }

  /**
   * Connects the feed and warms the strategy up on the history; live candles flow from `begin`.
   * The risk engine exists from here on (the fleet's kill switch is given it before `begin`).
   */
  async start(): Promise<void> {
    const { instance, settings, strategyName, journal, log } = this.options;
    const history = await this.feed.history(instance.warmupCandles, this.options.decidedThrough);
    const makeVenue = this.options.venue;
    this.session = new PaperSession({
      settings,
      strategy: this.strategy,
      strategyName,
      warmup: history.length,
      wrapVenue: (venue) => new JournalingVenue(venue, journal),
      ...(makeVenue === undefined
        ? {}
        : {
            venue: (portfolio: Portfolio) => {
              this.venue = new GatedVenue(makeVenue(portfolio), (order) => this.catchUpRefusal(order), systemClock);
              return this.venue;
            },
          }),
      risk: {
        name: instance.name,
        ...(this.options.fleetRisk === undefined ? {} : { fleet: this.options.fleetRisk }),
        onRefused: (refusal, time) => {
          this.refusals.push({ refusal, time });
        },
      },
    });
    for (const candle of history) this.session.onClosedCandle(candle);
    // Trades the recovered portfolio was rebuilt with are in earlier runs' journals already: only this run's are written.
    this.tradesSeen = this.session.state.trades.length;
    journal.write('start', { symbol: instance.symbol, timeframe: instance.timeframe, strategy: instance.strategy, params: instance.params, cash: settings.cash, warmupCandles: history.length, firstLiveAfter: history.at(-1)?.time ?? null });
    // After the `start` entry, so the journal shows the pair placed in this run (the next recovery reads it there).
    if (this.options.protection !== undefined) this.session.restoreProtection(this.options.protection);
    log?.info({ symbol: instance.symbol, timeframe: instance.timeframe, strategy: instance.strategy, warmupCandles: history.length }, 'instance started');
  }

  /**
   * Starts the live candles (after `start`); resolves once the stream's first connection attempt
   * has ended, connected or not (a simulator then set going is watched from its first tick).
   */
  begin(): Promise<void> {
    this.state = 'running';
    this.dataAt = systemClock.now();
    this.strategy.recording = true;
    const attempted = new Promise<void>((resolve) => (this.attempted = resolve));
    this.running = this.feed.run();
    this.running.catch((error: unknown) => this.failWith(error));
    return attempted;
  }

  /** Stops after the candle being handled; writes the `stop` entry once. */
  async stop(reason = 'stopped'): Promise<void> {
    this.feed.stop();
    await this.running?.catch(() => undefined);
    this.end(reason);
  }

  status(): InstanceStatus {
    const { instance, settings } = this.options;
    const s = this.session?.state;
    const equity = s?.equity ?? settings.cash;
    return {
      instance: instance.name,
      mode: instance.mode,
      symbol: instance.symbol,
      timeframe: instance.timeframe,
      state: this.state,
      position: s?.position ?? 0,
      equity,
      pnl: equity - settings.cash,
      trades: s?.trades.length ?? 0,
      lastSignal: describeIntent(this.strategy.lastSignal?.intent),
      ...riskOf(this.session?.risk),
      candles: this.candles,
      lastCandleTime: this.lastCandleTime,
      feed: this.feedStatus(),
      refusals: this.refusalCount,
      lastRefusal: this.lastRefusal,
      dataAt: this.dataAt,
      heartbeatAt: this.feed.lastMessageTime === 0 ? null : this.feed.lastMessageTime,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  private async onCandle(candle: Candle, origin: CandleOrigin): Promise<void> {
    const arrived = monotonicMs();
    this.dataAt = systemClock.now();
    const session = this.session!;
    const { journal, log } = this.options;
    journal.candleTime = candle.time;
    journal.write('candle', origin === 'stream' ? candle : { ...candle, origin });
    this.options.beforeCandle?.();
    this.catchingUp = origin === 'catch-up' ? candle.time : undefined;
    try {
      session.onClosedCandle(candle);
    } finally {
      this.catchingUp = undefined;
    }
    this.options.observer?.decided((monotonicMs() - arrived) / 1000);
    await this.venue?.idle?.();
    this.journalOutcomes();
    this.candles++;
    this.lastCandleTime = candle.time;
    this.lastClose = candle.close;
    this.journalBalance(candle.close);
    this.options.onUpdate?.();
    const limit = this.options.exitAfterCandles;
    if (limit !== undefined && this.candles >= limit) {
      this.feed.stop();
      this.end(`exit after ${limit} candles`);
    }
  }

  /**
   * The operator's close-all of a paper or shadow instance (its venue is the simulated or the
   * shadow one; an exchange instance's close-all goes through kill-actions.ts): cancels its
   * resting orders and sells its position at market on its venue now (PaperSession.closeAll),
   * then journals the trade or refusal it brought and a balance. `before`/`after`: the signed
   * base position around it; `price`: the sell's fill price (quote per base) when it filled;
   * `refused`: the venue's reason when it refused the sell. InvariantError before `start`.
   */
  closeAll(): { before: number; after: number; canceled: number[]; price: number | undefined; refused: string | undefined } {
    const session = this.session;
    if (session === undefined) throw new InvariantError(`instance '${this.name}' cannot close all before it starts`);
    const { position: before, rejectedCount, trades } = session.state;
    const traded = trades.length; // the portfolio's list grows in place
    const canceled = session.closeAll();
    const after = session.state;
    const price = after.trades.length > traded ? after.trades.at(-1)!.exitPrice : undefined;
    const refused = after.rejectedCount > rejectedCount ? (after.rejections.at(-1)?.reason ?? 'refused') : undefined;
    this.journalOutcomes();
    if (this.lastClose !== undefined) this.journalBalance(this.lastClose);
    this.options.onUpdate?.();
    return { before, after: after.position, canceled, price, refused };
  }

  /**
   * The operator's kill of a paper or shadow instance (an exchange instance's goes through
   * kill-actions.ts): cancels the entry or exit order resting on its venue, keeping the position's
   * stop-loss and take-profit (PaperSession.cancelWorking); the journaling venue writes each
   * cancel. Returns the kernel's ids of the orders cancelled; none before `start`.
   */
  cancelResting(): number[] {
    const canceled = this.session?.cancelWorking() ?? [];
    if (canceled.length > 0) this.options.onUpdate?.();
    return canceled;
  }

  /** Journals the refusals and closed trades the session brought since the last call. */
  private journalOutcomes(): void {
    const state = this.session!.state;
    const { journal, log } = this.options;
    for (; this.rejectionsSeen < state.rejectedCount; this.rejectionsSeen++) this.journalRefusal(state.rejections[this.rejectionsSeen]);
    this.refusals.length = 0; // refusals beyond the portfolio's kept detail were journaled without it
    for (; this.tradesSeen < state.trades.length; this.tradesSeen++) {
      const trade = state.trades[this.tradesSeen];
      journal.write('trade', trade);
      log?.info({ trade }, 'trade closed');
    }
  }

  /** A `balance` entry: the account valued at `price` (quote per base). */
  private journalBalance(price: number): void {
    const state = this.session!.state;
    const status = this.status();
    this.options.journal.write('balance', { cash: state.cash, position: state.position, price, equity: status.equity, pnl: status.pnl, trades: status.trades, lastSignal: status.lastSignal, riskState: status.riskState, riskReason: status.riskReason, candles: this.candles, refusals: status.refusals, lastRefusal: status.lastRefusal });
  }

  /**
   * Why the gate refuses the strategy's entry or exit sent on a candle caught up on; undefined
   * otherwise (the protective pair, placed after a fill, always goes).
   */
  private catchUpRefusal(order: VenueOrder): string | undefined {
    if (this.catchingUp === undefined || (order.role !== 'entry' && order.role !== 'exit')) return undefined;
    return `the candle of ${new Date(this.catchingUp).toISOString()} is caught up on after a gap (a newer one has closed): no order on its old price`;
  }

  private feedStatus(): FeedStatus {
    if (this.state === 'stopped' || this.state === 'failed') return 'stopped';
    const paused = this.feed.paused;
    return paused === undefined ? this.feedState : `paused: missing candle ${new Date(paused.missingFrom).toISOString()}`;
  }

  /** A feed event: the feed's status follows it, and it is journaled and logged (warnings for trouble). */
  private onFeedEvent(event: FeedEvent): void {
    if (event.type === 'stale' || event.type === 'disconnected') this.feedState = 'stale';
    if (event.type === 'connected' || event.type === 'resumed') this.feedState = 'live';
    if (event.type === 'connected' || event.type === 'disconnected') this.attempted?.();
    const { journal, log } = this.options;
    const status = this.feedStatus();
    journal.write('feed', { ...event, status });
    const trouble = event.type === 'stale' || event.type === 'disconnected' || event.type === 'paused' || event.type === 'rewound';
    (trouble ? log?.warn : log?.info)?.call(log, { feed: event, status }, `feed ${event.type}`);
    this.options.onUpdate?.();
    if (event.type === 'rewound') this.end("the venue replayed its data from the beginning again (end of the simulator's replay)");
  }

  /**
   * Journals one rejection of the portfolio's (the risk engine's or the venue's): a risk refusal
   * is matched to the engine's hook by time and reason, which gives it its stable code.
   */
  private journalRefusal(rejection: { time: number; reason: string } | undefined): void {
    const next = this.refusals[0];
    const fromRisk = next !== undefined && rejection !== undefined && next.time === rejection.time && next.refusal.reason === rejection.reason;
    if (fromRisk) this.refusals.shift();
    const entry = {
      ...(rejection ?? { reason: 'refused (detail beyond the first 1,000 kept)' }),
      ...(fromRisk ? { code: next.refusal.code, source: 'risk' } : { source: rejection === undefined ? 'unknown' : 'venue' }),
    };
    this.options.journal.write('refusal', entry);
    this.refusalCount++;
    this.lastRefusal = fromRisk ? next.refusal.code : 'VENUE';
    this.options.log?.warn({ refusal: entry }, 'order refused');
  }

  private end(reason: string): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.options.journal.candleTime = undefined;
    try {
      this.options.journal.write('stop', { reason, candles: this.candles });
    } catch (error) {
      // The store failed (the fleet is stopping for it): the instance ends with that failure.
      this.failWith(error);
      return;
    }
    this.state = 'stopped';
    this.options.log?.info({ reason, candles: this.candles }, 'instance stopped');
    this.finish();
  }

  private failWith(error: unknown): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.state = 'failed';
    this.error = error instanceof Error ? error.message : String(error);
    this.options.journal.candleTime = undefined;
    try {
      this.options.journal.write('stop', { reason: 'failed', error: this.error, candles: this.candles });
    } catch {
      // The store cannot take it (the failure may be the store's own): the failure is still reported.
    }
    this.options.log?.error({ err: error, candles: this.candles }, 'instance failed');
    this.fail(error);
  }
}

/** The status fields of a risk engine's effective state (active before the engine exists). */
function riskOf(risk: RiskEngine | undefined): { riskState: TradingState; riskReason: string } {
  const state = risk?.effectiveState ?? { state: 'active' as const, reason: '' };
  return { riskState: state.state, riskReason: state.reason };
}
