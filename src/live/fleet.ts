// A fleet: the instances of a fleet file run in one process, each on its own feed, session and
// journal. Paper instances trade on the simulated venue (the backtest's fill model), shadow ones
// on a venue that sends nothing, testnet ones through the order manager on the simulator or
// Binance's test network; canary and live ones pass the live-access gate first, then trade the same
// way on Binance with the key from the key store, after checking the account can fund them. The
// simulator, when an instance trades on it, runs in this process. Exchange instances hear their
// orders over their account's user data stream (user-streams.ts), joined before recovery; a clean
// stop cancels or keeps their resting orders as the file's `onStop` says (shutdown.ts).
import path from 'node:path';
import { strategyRef } from '../app/index.ts';
import { instanceBacktestInput, parseBacktestConfig } from '../backtest/index.ts';
import { fleetFieldLine, OVERRIDABLE_VENUES, withModeRiskDefaults } from '../config/index.ts';
import type { ApiKeyEntry, CanaryCaps, FleetConfig, InstanceConfig, InstanceMode } from '../config/index.ts';
import { AuthenticationError, ConfigError, InputError } from '../core/index.ts';
import type { StoreFailure } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import type { Portfolio, SimulatedKernelSettings } from '../engine/index.ts';
import type { Exchange } from '../exchange/index.ts';
import type { FleetObserver, FleetView } from '../metrics/index.ts';
import { FleetRisk } from '../risk/index.ts';
import type { Simulator } from '../simulator/index.ts';
import { FLEET_SCOPE } from '../store/index.ts';
import type { JournalStore, LiveStore } from '../store/index.ts';
import { resolveParams, resolveStrategy } from '../strategies/index.ts';
import { startFleetSimulator } from './fleet-simulator.ts';
import { InstanceJournal } from './instance-journal.ts';
import { InstanceLocks } from './instance-lock.ts';
import type { KillTarget } from './kill-actions.ts';
import { KillSwitch } from './kill-switch.ts';
import type { SimulatedTarget } from './kill-switch.ts';
import type { FleetLog } from './log.ts';
import { InstanceRunner } from './instance-runner.ts';
import type { InstanceStatus, RunnerVenue } from './instance-runner.ts';
import { checkLiveAccess, isRealMoney } from './live-access.ts';
import type { LiveAccessOptions } from './live-access.ts';
import { checkCapitalCovered, describeCaps } from './real-money.ts';
import type { CommittedCapital } from './real-money.ts';
import { recoveredVenue } from './recovery.ts';
import type { RecoveredVenue } from './recovery.ts';
import { ShadowVenue } from './shadow-venue.ts';
import { sizingOverCap } from './sizing-cap.ts';
import { settleOrdersAtStop } from './shutdown.ts';
import type { ShutdownReport } from './shutdown.ts';
import { StoreGuard } from './store-guard.ts';
import { exchangeVenueFor } from './testnet-venue.ts';
import { AccountStreams } from './user-streams.ts';
import type { StreamMember } from './user-streams.ts';
import { venueEndpoints, wsApiUrl } from './venue-endpoints.ts';
import type { VenueEndpoints } from './venue-endpoints.ts';
import { waitForVenue } from './venue-wait.ts';
import type { VenueToWait } from './venue-wait.ts';

export interface FleetOptions {
  readonly config: FleetConfig;
  /** The fleet file: named in errors; strategy files are relative to its folder. */
  readonly file: string;
  /** The journal, the order journal and the kill flags go here; its session's locks (PostgreSQL) hold the instances. */
  readonly store: Pick<LiveStore, 'journal' | 'orders' | 'kills' | 'path' | 'locks'>;
  readonly clock: Clock;
  /** Run only these instances (by name); absent or empty = all. */
  readonly only?: readonly string[];
  /** Stop each instance cleanly after this many live candles. */
  readonly exitAfterCandles?: number | undefined;
  readonly access: Omit<LiveAccessOptions, 'file'>;
  /** Called after any instance handled a candle. */
  readonly onUpdate?: () => void;
  /** The fleet's log (start, stop, kill switch events, refusals, trades); none when absent. */
  readonly log?: FleetLog;
  /** The kill switch's stop file (default EMERGENCY_STOP in the working directory). */
  readonly stopFile?: string;
  /** How often the kill switch reads the store and the stop file, ms (default 1000). */
  readonly killPollMs?: number;
  /** The metrics (metrics/fleet-metrics.ts): told what happens, and reading the fleet at each scrape. */
  readonly observer?: FleetObserver;
  /**
   * Lines the operator must see at start, not only in the log: overridden endpoints, the caps real
   * money trades under, a sizing its position cap refuses. One line each, no newline; the CLI
   * prints them on stderr.
   */
  readonly notice?: (line: string) => void;
}

/** What an exchange instance gives the kill switch, before its risk engine exists. */
type ExchangeParts = Omit<KillTarget, 'risk'>;

export class Fleet implements FleetView {
  private stopping: Promise<void> | undefined;
  private killSwitch: KillSwitch | undefined;
  /** A store write failed: the stop writes nothing more (resting orders are left as they are). */
  private storeDown = false;
  /** The steps of a stop under way not finished yet, named for the line a timed-out stop prints, with the instance each is of (undefined: the fleet's). */
  private readonly stopSteps = new Map<string, string | undefined>();
  /** The instances whose `shutdown` entry this stop has written. */
  private readonly stopJournaled = new Set<string>();
  /** The stop has run to its end. */
  private stopped = false;
  /** The exchange instances (their kill-switch parts), for the stop's order action. */
  private readonly parts = new Map<string, ExchangeParts>();
  /** Every instance's journal: the `shutdown` entry goes there. */
  private readonly journals = new Map<string, InstanceJournal>();
  /** The accounts' user data streams. */
  readonly streams: AccountStreams;

  private constructor(
    private readonly runners: readonly InstanceRunner[],
    private readonly simulator: Simulator | undefined,
    private readonly exchanges: readonly Exchange[],
    private readonly locks: InstanceLocks,
    private readonly log: FleetLog | undefined,
    private readonly fleetRisk: FleetRisk,
    private readonly config: FleetConfig,
    clock: Clock,
    private readonly kills: Pick<LiveStore['kills'], 'flags'>,
  ) {
    this.streams = new AccountStreams(clock);
  }

  /**
   * Checks, connects and warms up every selected instance; resolves once all are trading. Throws
   * InputError for an unknown `--instance`, ConfigError for a refused canary/live instance or a
   * setting the venue cannot serve (file and field named), InputError when another process runs
   * one of the instances on this store, and what a connection throws (after closing whatever was
   * opened). A ConfigError names the line of its field in the fleet file. A venue that does not
   * answer is asked again with backoff (`startRetry`), then refused (ConfigError naming the venue
   * and its URL). The kill switch is running, its flags applied, before the first live candle.
   * Once trading, a store write that fails stops the fleet (`finished` reports the StoreFailure).
   */
  static async start(options: FleetOptions): Promise<Fleet> {
    try {
      return await Fleet.open(options);
    } catch (error) {
      throw withFieldLine(error, options.file);
    }
  }

  private static async open(startOptions: FleetOptions): Promise<Fleet> {
    const { config, file } = startOptions;
    const instances = selectInstances(config, startOptions.only);
    const keys = checkLiveAccess(config, instances, { ...startOptions.access, file });
    for (const venue of OVERRIDABLE_VENUES) {
      const at = config.endpoints?.[venue];
      if (at === undefined) continue;
      const reached = venueEndpoints(venue, undefined, { file, field: `endpoints.${venue}` }, config.endpoints);
      const line = `ENDPOINTS OVERRIDDEN: venue ${venue} is reached at ${reached.restUrl}, ${reached.wsUrl} and ${wsApiUrl(reached)}, not at its own endpoints; every order and key signature of its instances goes there`;
      startOptions.log?.root.warn({ venue, endpoints: at }, line);
      startOptions.notice?.(line);
    }
    const locks = InstanceLocks.forStore(startOptions.store, instances.map((instance) => instance.name));
    // Every write goes through the guard: the first that fails halts and stops the fleet.
    let owner: Fleet | undefined;
    const guard = new StoreGuard(startOptions.store.path, (failure) => owner?.storeFailed(failure));
    const { store } = startOptions;
    const options: FleetOptions = { ...startOptions, store: { path: store.path, journal: guard.wrap(store.journal, 'journal'), orders: guard.wrap(store.orders, 'order journal'), kills: guard.wrap(store.kills, 'kill switch') } };
    const onSimulator = instances.filter((instance) => (instance.venue ?? config.venue) === 'simulator');
    const external = config.simulator.url;
    let simulator: Simulator | undefined;
    try {
      simulator = onSimulator.length === 0 || external !== undefined ? undefined : await startFleetSimulator(config, onSimulator, file);
    } catch (error) {
      locks.release();
      throw error;
    }
    const endpoints: VenueEndpoints | undefined = external !== undefined ? { restUrl: external, wsUrl: external.replace(/^http/, 'ws') } : simulator === undefined ? undefined : { restUrl: simulator.restUrl, wsUrl: simulator.wsUrl };
    const exchanges: Exchange[] = [];
    const runners: InstanceRunner[] = [];
    const fleetRisk = new FleetRisk({ maxExposure: config.maxExposure });
    const fleet = new Fleet(runners, simulator, exchanges, locks, options.log, fleetRisk, config, options.clock, store.kills);
    owner = fleet;
    options.observer?.watch(fleet);
    const { parts } = fleet;
    try {
      for (const target of venuesToWaitFor(config, instances, endpoints, external !== undefined, file)) await waitForVenue(target, { retry: config.startRetry, log: options.log?.root });
      // The kill flags read into the trading states (one SELECT) before every candle's decisions.
      const syncKills = (): void => fleet.killSwitch?.sync();
      const committed: CommittedCapital = new Map();
      for (const instance of instances) runners.push(await runnerFor(instance, options, endpoints, exchanges, { fleetRisk, parts, syncKills, keys, committed, streams: fleet.streams, journals: fleet.journals }));
      await Promise.all(runners.map((runner) => runner.start()));
      for (const runner of runners) {
        const line = sizingOverCap(runner.name, runner.config.instance.mode, runner.config.settings);
        if (line === undefined) continue;
        options.log?.instance(runner.name, runner.config.instance.mode).warn({ sizing: runner.config.settings.sizing, sizingValue: runner.config.settings.sizingValue, maxPositionPct: runner.config.settings.maxPositionPct }, line);
        options.notice?.(line);
      }
      fleet.killSwitch = fleet.killSwitchOver(runners, parts, options);
      const carried = await fleet.killSwitch.start();
      options.log?.root.info({ instances: runners.map((r) => r.name), stopFile: fleet.killSwitch.stopFile, carried: carried.map((e) => e.outcome) }, 'fleet started');
      await Promise.all(runners.map((runner) => runner.begin()));
      simulator?.run(config.simulator.speed);
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  /** Resolves when every instance has ended; the names and errors of those that failed. */
  async finished(): Promise<{ instance: string; error: unknown }[]> {
    const outcomes = await Promise.allSettled(this.runners.map((runner) => runner.done));
    return outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [{ instance: this.runners[i]!.name, error: outcome.reason as unknown }] : []));
  }

  status(): InstanceStatus[] {
    return this.runners.map((runner) => runner.status());
  }

  /** The kill switch's flags in the store now (one SELECT): the fleet's, and those of this fleet's instances. */
  killFlags(): { fleet: boolean; instances: string[] } {
    const scopes = new Set(this.kills.flags().map((flag) => flag.scope));
    return { fleet: scopes.has(FLEET_SCOPE), instances: this.runners.map((runner) => runner.name).filter((name) => scopes.has(name)) };
  }

  /**
   * Stops new entries (the fleet's state `reducing` unless already stricter), stops every instance
   * after the candle it is handling, cancels or keeps the exchange instances' resting orders as the
   * file's `onStop` says (each journaled as a `shutdown` entry), then ends the user data streams, the
   * kill switch, the venues and the simulator; releases the instances' locks. `stopPending` names
   * what is still under way, for a caller that bounds the stop (`stopTimeoutMs`).
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.fleetRisk.state.state === 'active') this.fleetRisk.setState('reducing', 'the fleet is stopping: no new entries');
      try {
        await Promise.all(this.runners.map((runner) => this.step(`instance '${runner.name}': finishing the candle in hand`, () => runner.stop(), runner.name)));
        const { killSwitch, simulator } = this;
        if (killSwitch !== undefined) await this.step('stopping the kill switch (its poll in hand)', () => killSwitch.stop());
        if (!this.storeDown) await Promise.all(this.runners.map((runner) => this.settleOrders(runner)));
        this.streams.close();
        await this.step('closing the exchange connections', () => Promise.all(this.exchanges.map((exchange) => exchange.close().catch(() => undefined))));
        if (simulator !== undefined) await this.step('closing the simulator', () => simulator.close());
        this.stopped = true;
      } finally {
        this.locks.release();
        this.log?.root.info('fleet stopped');
      }
    })();
    return this.stopping;
  }

  /** The steps of a stop under way that have not finished, one phrase each (empty before a stop and after it). */
  stopPending(): string[] {
    return [...this.stopSteps.keys()];
  }

  /**
   * The stop is given up on (it ran past `stopTimeoutMs`; the process exits next): unless the stop
   * has finished or the store has failed, journals one `shutdown` entry for every instance this stop
   * wrote none for and left something undone for, whose `undone` names what is left undone for it (its own steps, its resting
   * orders' settling, the fleet's steps) and whose `unconfirmed` (cancel-orders) or `kept`
   * (keep-orders) names the orders not final on record: they may still rest at the exchange. A write
   * that fails is logged, not thrown. Returns `stopPending()`.
   */
  abandonStop(): string[] {
    const pending = [...this.stopSteps];
    if (this.stopped || this.storeDown || this.stopping === undefined) return pending.map(([name]) => name);
    const { onStop } = this.config;
    for (const runner of this.runners) {
      const journal = this.journals.get(runner.name);
      if (journal === undefined || this.stopJournaled.has(runner.name)) continue;
      const part = this.parts.get(runner.name);
      const undone = pending.filter(([, instance]) => instance === undefined || instance === runner.name).map(([name]) => name);
      const settling = settleStep(runner.name, onStop);
      if (part !== undefined && !undone.includes(settling)) undone.push(settling);
      if (undone.length === 0) continue; // a paper or shadow instance whose stop is done, waiting on another's
      try {
        const open = part === undefined ? [] : part.journal.notFinal(runner.name).map((order) => order.clientOrderId);
        const report: ShutdownReport = { onStop, canceled: [], unconfirmed: onStop === 'cancel-orders' ? open : [], kept: onStop === 'keep-orders' ? open : [], undone };
        journal.write('shutdown', report);
        this.stopJournaled.add(runner.name);
      } catch (error) {
        this.log?.root.error({ err: error, instance: runner.name }, 'stop given up on: its shutdown entry could not be journaled');
      }
    }
    return pending.map(([name]) => name);
  }

  /** Runs one step of the stop (of `instance`, or the fleet's), named in `stopPending` while it runs. */
  private async step<T>(name: string, work: () => Promise<T>, instance?: string): Promise<T> {
    this.stopSteps.set(name, instance);
    try {
      return await work();
    } finally {
      this.stopSteps.delete(name);
    }
  }

  /** Cancels or keeps the resting orders of an exchange instance once its venue's work is done; logged and journaled. */
  private async settleOrders(runner: InstanceRunner): Promise<void> {
    const part = this.parts.get(runner.name);
    const journal = this.journals.get(runner.name);
    if (part === undefined || journal === undefined) return;
    const { onStop } = this.config;
    const name = settleStep(runner.name, onStop);
    let report: ShutdownReport | undefined;
    try {
      report = await this.step(
        name,
        async () => {
          await runner.idle().catch(() => undefined); // an order being sent is at the venue (or unknown) before the cancels
          const settled = await settleOrdersAtStop(part, onStop, journal);
          this.stopJournaled.add(runner.name); // its last act was the shutdown entry
          return settled;
        },
        runner.name,
      );
    } catch (error) {
      this.log?.root.error({ err: error, instance: runner.name }, `stop: ${name} failed`);
      return;
    }
    const log = this.log?.root;
    if (report.unconfirmed.length > 0) log?.warn({ instance: runner.name, shutdown: report }, `stop: cancels not confirmed for ${report.unconfirmed.join(', ')}: they may still rest at the exchange`);
    else log?.info({ instance: runner.name, shutdown: report }, onStop === 'cancel-orders' ? `stop: ${report.canceled.length} resting order(s) cancelled` : `stop: ${report.kept.length} resting order(s) kept`);
  }

  /**
   * A store write failed: no instance may act on what is not written. The fleet's state is halted
   * at once (an order decided meanwhile is refused), the failure logged in one line, and every
   * instance stopped; each ends with the failure, which `finished` reports.
   */
  private storeFailed(failure: StoreFailure): void {
    this.storeDown = true;
    this.fleetRisk.setState('halted', failure.message);
    this.log?.root.error({ code: failure.code }, failure.message);
    void this.stop();
  }

  /** The fleet's kill switch: exchange instances as targets (orders to cancel at the exchange), the others with their simulated orders. */
  private killSwitchOver(runners: readonly InstanceRunner[], parts: ReadonlyMap<string, ExchangeParts>, options: FleetOptions): KillSwitch {
    const { fleetRisk } = this;
    const { log } = options;
    const targets: KillTarget[] = [];
    const others: SimulatedTarget[] = [];
    for (const runner of runners) {
      const part = parts.get(runner.name);
      if (part === undefined) others.push(simulatedTarget(runner));
      else targets.push({ ...part, risk: runner.risk });
    }
    const byName = new Map(runners.map((runner) => [runner.name, runner]));
    return new KillSwitch({
      kills: options.store.kills,
      clock: options.clock,
      fleet: fleetRisk,
      targets,
      others,
      ...(options.stopFile === undefined ? {} : { stopFile: options.stopFile }),
      ...(options.killPollMs === undefined ? {} : { pollMs: options.killPollMs }),
      lastPrice: (instance) => byName.get(instance)?.lastPrice,
      settle: async () => {
        await Promise.all(runners.map((runner) => runner.idle()));
      },
      onEvent: (event) => log?.root.warn({ event: { id: event.id, scope: event.scope, action: event.action, source: event.source, reason: event.reason } }, event.outcome ?? `${event.action} carried out`),
      onError: (error) => log?.root.error({ err: error }, 'kill switch poll failed; the next poll tries again'),
    });
  }
}

/** A paper or shadow instance as the kill switch's kill and close-all reach it. */
function simulatedTarget(runner: InstanceRunner): SimulatedTarget {
  const { instance, settings } = runner.config;
  return { instance: runner.name, mode: instance.mode, symbol: instance.symbol, lotStep: settings.lotStep, risk: runner.risk, closeAll: () => runner.closeAll(), cancelResting: () => runner.cancelResting() };
}

/** The stop's step of settling an instance's resting orders, as `stopPending` names it. */
function settleStep(instance: string, onStop: FleetConfig['onStop']): string {
  return `instance '${instance}': ${onStop === 'cancel-orders' ? 'cancelling its resting orders' : 'recording the resting orders it keeps'}`;
}

/**
 * A canary instance's settings held to the fleet's canary caps: max position and daily loss at
 * most the caps whatever the file says (a limit switched off with null is the cap). The capital
 * cap is checked by the fleet schema.
 */
export function withCanaryCaps<T extends Pick<SimulatedKernelSettings, 'maxPositionPct' | 'maxDailyLoss'>>(settings: T, caps: CanaryCaps): T {
  return {
    ...settings,
    maxPositionPct: Math.min(settings.maxPositionPct ?? Infinity, caps.maxPositionPct),
    maxDailyLoss: Math.min(settings.maxDailyLoss ?? Infinity, caps.maxDailyLoss),
  };
}

/**
 * The settings an instance's kernel and risk engine are built from: its mode's risk defaults where
 * the file leaves a limit out (none for paper: it trades as the backtest does), held to the canary
 * caps in canary mode.
 */
export function instanceRiskSettings<T extends SimulatedKernelSettings>(mode: InstanceMode, settings: T, caps: CanaryCaps): T {
  const defaulted = withModeRiskDefaults(mode, settings);
  return mode === 'canary' ? withCanaryCaps(defaulted, caps) : defaulted;
}

function selectInstances(config: FleetConfig, only: readonly string[] | undefined): InstanceConfig[] {
  if (only === undefined || only.length === 0) return config.instances;
  const names = config.instances.map((instance) => instance.name);
  for (const name of only) if (!names.includes(name)) throw new InputError(`--instance: no instance '${name}' in the fleet (instances: ${names.join(', ')})`);
  return config.instances.filter((instance) => only.includes(instance.name));
}

async function runnerFor(instance: InstanceConfig, options: FleetOptions, simulator: VenueEndpoints | undefined, exchanges: Exchange[], shared: { fleetRisk: FleetRisk; parts: Map<string, ExchangeParts>; syncKills: () => void; keys: ReadonlyMap<string, ApiKeyEntry>; committed: CommittedCapital; streams: AccountStreams; journals: Map<string, InstanceJournal> }): Promise<InstanceRunner> {
  const { fleetRisk, parts, syncKills } = shared;
  const { config, file, store, clock } = options;
  const index = config.instances.indexOf(instance);
  const venueId = instance.venue ?? config.venue;
  const market = venueEndpoints(venueId, simulator, { file, field: `instances.${index}.venue` }, config.endpoints);
  const strategyName = strategyRef(instance.strategy, path.dirname(path.resolve(file)));
  const at = (key: string) => ({ file, field: `instances.${index}.${key}` });
  const definition = await atField(at('strategy'), () => resolveStrategy(strategyName));
  const params = await atField(at('params'), () => resolveParams(definition, instance.params));
  const settings = instanceRiskSettings(instance.mode, parseBacktestConfig({ ...instanceBacktestInput(instance), strategy: strategyName, params }, { file }), config.canary);
  const observer = options.observer?.instance({ name: instance.name, mode: instance.mode, symbol: instance.symbol, timeframe: instance.timeframe, maxDrawdownPct: settings.maxDrawdownPct ?? undefined });
  const journal = new InstanceJournal(store.journal, instance.name, instance.mode, clock, observer);
  shared.journals.set(instance.name, journal);
  let venue: ((portfolio: Portfolio) => RunnerVenue) | undefined;
  let recovered: RecoveredVenue | undefined;
  if (instance.mode === 'shadow') venue = () => new ShadowVenue();
  const real = isRealMoney(instance);
  if (instance.mode === 'testnet' || real) {
    // Real money signs with the key the live-access gate opened; testnet opens its own, if any.
    const key = real ? shared.keys.get(instance.name) : instance.key === undefined || venueId === 'simulator' ? undefined : options.access.openKeys(config.keys).get(instance.key);
    const credentials = key === undefined ? {} : { credentials: { apiKey: key.apiKey, secret: key.secret } };
    const absenceGraceMs = venueId === 'simulator' ? config.simulator.absenceGraceMs : undefined;
    const made = await exchangeVenueFor({ instance, venueId, endpoints: market, settings, orders: store.orders, clock, file, field: `instances.${index}`, absenceGraceMs, meter: options.observer?.exchange(venueId), onAcknowledged: observer === undefined ? undefined : (seconds) => observer.acknowledged(seconds), ...credentials });
    exchanges.push(made.exchange);
    parts.set(instance.name, { instance: instance.name, manager: made.manager, journal: store.orders, exchange: made.exchange, market: made.market });
    // The account's user data stream first, so whatever happens while recovery reads is heard.
    const member: StreamMember = { instance: instance.name, manager: made.manager, journal, log: options.log?.instance(instance.name, instance.mode) };
    try {
      await shared.streams.join(made.userStream, member);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new ConfigError(`${venueId} refused the user data stream subscription signed with the instance's key: ${error.message}`, at('key'));
      throw error;
    }
    // Start-up recovery (live/recovery.ts): reconcile with the exchange, rebuild the portfolio, start
    // active or halted. Peers: the instances on the same account (venue and key).
    const peers = config.instances.filter((other) => other !== instance && (other.mode === 'testnet' || isRealMoney(other)) && (other.venue ?? config.venue) === venueId && (venueId === 'simulator' || other.key === instance.key)).map((other) => other.name);
    // Real money: the account must fund what the instance may spend, and the log says its caps.
    const fundedAndSaid = async ({ cash }: { cash: number }): Promise<void> => {
      await checkCapitalCovered({ instance: instance.name, account: `${venueId}|${instance.key ?? ''}`, exchange: made.exchange, market: made.market, need: cash, location: at('cash') }, shared.committed);
      const { caps, message } = describeCaps(settings, made.market.quote);
      options.log?.instance(instance.name, instance.mode).info({ caps }, message);
      options.notice?.(`instance '${instance.name}' (${instance.mode}): ${message}`);
    };
    recovered = await recoveredVenue(made, { instance: instance.name, orders: store.orders, journal, history: store.journal, kills: store.kills, clock, cash: settings.cash, peers }, real ? fundedAndSaid : undefined);
    const makeVenue = recovered.venue;
    venue = (portfolio) => {
      const made = makeVenue(portfolio);
      member.venue = made;
      return made;
    };
  }
  return new InstanceRunner({
    instance,
    settings,
    strategy: definition.create(params),
    strategyName,
    journal,
    market,
    // The simulator replays at `speed`: its candles close that much faster, and so does a stale stream.
    marketSpeed: venueId === 'simulator' ? config.simulator.speed : 1,
    ...(venue === undefined ? {} : { venue }),
    protection: recovered?.protection,
    // An exchange instance carries its earlier runs' orders and fills over: it decides on no candle twice.
    decidedThrough: recovered === undefined ? undefined : lastDecided(store.journal, instance.name),
    exitAfterCandles: options.exitAfterCandles,
    ...(options.onUpdate === undefined ? {} : { onUpdate: options.onUpdate }),
    fleetRisk,
    beforeCandle: syncKills,
    ...(options.log === undefined ? {} : { log: options.log.instance(instance.name, instance.mode) }),
    observer,
  });
}

/** Open time (UTC ms) of the candle of the instance's last `decision` entry; undefined when there is none. */
function lastDecided(journal: Pick<JournalStore, 'list'>, instance: string): number | undefined {
  const [last] = journal.list({ instances: [instance], kinds: ['decision'], limit: 1 });
  return last?.candleTime ?? undefined;
}

/**
 * The venues the selected instances read or trade on, but the simulator this process started: each
 * REST base once, with the field that chose it (`simulator.url`, the instance's venue, or the
 * fleet's) and the symbols read there.
 */
function venuesToWaitFor(config: FleetConfig, instances: readonly InstanceConfig[], simulator: VenueEndpoints | undefined, external: boolean, file: string): VenueToWait[] {
  const targets = new Map<string, VenueToWait>();
  for (const instance of instances) {
    const venue = instance.venue ?? config.venue;
    if (venue === 'simulator' && !external) continue;
    const index = config.instances.indexOf(instance);
    const field = venue === 'simulator' ? 'simulator.url' : instance.venue === undefined ? 'venue' : `instances.${index}.venue`;
    let restUrl: string;
    try {
      restUrl = venueEndpoints(venue, simulator, { file, field }, config.endpoints).restUrl;
    } catch {
      continue; // a venue the fleet cannot serve: refused with its reason where the instance is built
    }
    const target = targets.get(restUrl) ?? { venue, restUrl, location: { file, field }, symbols: [] };
    targets.set(restUrl, { ...target, symbols: [...target.symbols, { symbol: instance.symbol, field: `instances.${index}.symbol` }] });
  }
  return [...targets.values()];
}

/** A ConfigError naming a field of the fleet file but no line, with the line (of the field, or the entry holding it). */
function withFieldLine(error: unknown, file: string): unknown {
  if (!(error instanceof ConfigError) || error.location.line !== undefined || error.location.field === undefined || error.location.file !== file) return error;
  let line: number | undefined;
  try {
    line = fleetFieldLine(file, error.location.field);
  } catch {
    return error; // the file cannot be read again: the error as it is still names file and field
  }
  return line === undefined ? error : new ConfigError(error.detail, { ...error.location, line });
}

/** Runs `read`; an InputError it throws (an unknown strategy, a bad parameter) is refused naming the fleet file's field. */
async function atField<T>(location: { readonly file: string; readonly field: string }, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InputError && !(error instanceof ConfigError)) throw new ConfigError(error.message, location);
    throw error;
  }
}
