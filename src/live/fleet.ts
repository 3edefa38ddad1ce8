// A fleet: the instances of a fleet file run in one process, each on its own feed, session and
// journal. Paper instances trade on the simulated venue (the backtest's fill model), shadow ones
// on a venue that sends nothing, testnet ones through the order manager on the simulator or
// Binance's test network; canary and live ones pass the live-access gate first. The simulator, when
// an instance trades on it, runs in this process.
import path from 'node:path';
import { strategyRef } from '../app/index.ts';
import { instanceBacktestInput, parseBacktestConfig } from '../backtest/index.ts';
import { withModeRiskDefaults } from '../config/index.ts';
import type { CanaryCaps, FleetConfig, InstanceConfig } from '../config/index.ts';
import { ConfigError, InputError } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import type { Portfolio, SimulatedKernelSettings } from '../engine/index.ts';
import type { Exchange } from '../exchange/index.ts';
import { FleetRisk } from '../risk/index.ts';
import type { Simulator } from '../simulator/index.ts';
import type { Store } from '../store/index.ts';
import { resolveParams, resolveStrategy } from '../strategies/index.ts';
import { startFleetSimulator } from './fleet-simulator.ts';
import { InstanceJournal } from './instance-journal.ts';
import { InstanceLocks } from './instance-lock.ts';
import type { KillTarget } from './kill-actions.ts';
import { KillSwitch } from './kill-switch.ts';
import type { FleetLog } from './log.ts';
import { InstanceRunner } from './instance-runner.ts';
import type { InstanceStatus, RunnerVenue } from './instance-runner.ts';
import { checkLiveAccess, isRealMoney } from './live-access.ts';
import type { LiveAccessOptions } from './live-access.ts';
import { recoveredVenue } from './recovery.ts';
import { ShadowVenue } from './shadow-venue.ts';
import { exchangeVenueFor } from './testnet-venue.ts';
import { venueEndpoints } from './venue-endpoints.ts';
import type { VenueEndpoints } from './venue-endpoints.ts';

export interface FleetOptions {
  readonly config: FleetConfig;
  /** The fleet file: named in errors; strategy files are relative to its folder. */
  readonly file: string;
  /** The journal and the order journal go here. */
  readonly store: Pick<Store, 'journal' | 'orders' | 'kills' | 'path'>;
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
}

/** What an exchange instance gives the kill switch, before its risk engine exists. */
type ExchangeParts = Omit<KillTarget, 'risk'>;

export class Fleet {
  private stopping: Promise<void> | undefined;
  private killSwitch: KillSwitch | undefined;

  private constructor(
    private readonly runners: readonly InstanceRunner[],
    private readonly simulator: Simulator | undefined,
    private readonly exchanges: readonly Exchange[],
    private readonly locks: InstanceLocks,
    private readonly log: FleetLog | undefined,
  ) {}

  /**
   * Checks, connects and warms up every selected instance; resolves once all are trading. Throws
   * InputError for an unknown `--instance`, ConfigError for a refused canary/live instance or a
   * setting the venue cannot serve (file and field named), InputError when another process runs
   * one of the instances on this store, and what a connection throws (after closing whatever was
   * opened). The kill switch is running, its flags applied, before the first live candle.
   */
  static async start(options: FleetOptions): Promise<Fleet> {
    const { config, file } = options;
    const instances = selectInstances(config, options.only);
    checkLiveAccess(config, instances, { ...options.access, file });
    const real = instances.find(isRealMoney);
    if (real !== undefined) {
      // The gate above is passed; the canary caps and the daily loss limit are recorded in the
      // config but not yet enforced by the risk engine, so no real order is sent by this version.
      // The gate above is passed and the risk engine holds the canary caps, but the only venues real
      // money may go to are real exchanges (the schema refuses the simulator and test networks for
      // it), and no real-exchange order path has been proven here; so no real order is sent.
      throw new ConfigError(`instance '${real.name}' (mode ${real.mode}): real-money trading is not enabled in this version: its venue must be a real exchange, and orders to a real exchange are not yet proven (run it as testnet first)`, { file, field: `instances.${config.instances.indexOf(real)}.mode` });
    }
    const locks = InstanceLocks.acquire(options.store.path, instances.map((instance) => instance.name));
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
    const fleet = new Fleet(runners, simulator, exchanges, locks, options.log);
    const fleetRisk = new FleetRisk({ maxExposure: config.maxExposure });
    const parts = new Map<string, ExchangeParts>();
    try {
      // The kill flags read into the trading states (one SELECT) before every candle's decisions.
      const syncKills = (): void => fleet.killSwitch?.sync();
      for (const instance of instances) runners.push(await runnerFor(instance, options, endpoints, exchanges, { fleetRisk, parts, syncKills }));
      await Promise.all(runners.map((runner) => runner.start()));
      fleet.killSwitch = fleet.killSwitchOver(runners, parts, fleetRisk, options);
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

  /**
   * Stops every instance after the candle it is handling, then the kill switch, the venues and the
   * simulator; releases the instances' locks.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await Promise.all(this.runners.map((runner) => runner.stop()));
        await this.killSwitch?.stop();
        await Promise.all(this.exchanges.map((exchange) => exchange.close().catch(() => undefined)));
        await this.simulator?.close();
      } finally {
        this.locks.release();
        this.log?.root.info('fleet stopped');
      }
    })();
    return this.stopping;
  }

  /** The fleet's kill switch: exchange instances as targets (orders to cancel), the others halted only. */
  private killSwitchOver(runners: readonly InstanceRunner[], parts: ReadonlyMap<string, ExchangeParts>, fleetRisk: FleetRisk, options: FleetOptions): KillSwitch {
    const { log } = options;
    const targets: KillTarget[] = [];
    const others: { instance: string; risk: InstanceRunner['risk'] }[] = [];
    for (const runner of runners) {
      const part = parts.get(runner.name);
      if (part === undefined) others.push({ instance: runner.name, risk: runner.risk });
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

function selectInstances(config: FleetConfig, only: readonly string[] | undefined): InstanceConfig[] {
  if (only === undefined || only.length === 0) return config.instances;
  const names = config.instances.map((instance) => instance.name);
  for (const name of only) if (!names.includes(name)) throw new InputError(`--instance: no instance '${name}' in the fleet (instances: ${names.join(', ')})`);
  return config.instances.filter((instance) => only.includes(instance.name));
}

async function runnerFor(instance: InstanceConfig, options: FleetOptions, simulator: VenueEndpoints | undefined, exchanges: Exchange[], shared: { fleetRisk: FleetRisk; parts: Map<string, ExchangeParts>; syncKills: () => void }): Promise<InstanceRunner> {
  const { fleetRisk, parts, syncKills } = shared;
  const { config, file, store, clock } = options;
  const index = config.instances.indexOf(instance);
  const venueId = instance.venue ?? config.venue;
  const market = venueEndpoints(venueId, simulator, { file, field: `instances.${index}.venue` });
  const strategyName = strategyRef(instance.strategy, path.dirname(path.resolve(file)));
  const at = (key: string) => ({ file, field: `instances.${index}.${key}` });
  const definition = await atField(at('strategy'), () => resolveStrategy(strategyName));
  const params = await atField(at('params'), () => resolveParams(definition, instance.params));
  // The mode's risk defaults where the file leaves a limit out (none for paper: it trades as the backtest does).
  const defaulted = withModeRiskDefaults(instance.mode, parseBacktestConfig({ ...instanceBacktestInput(instance), strategy: strategyName, params }, { file }));
  const settings = instance.mode === 'canary' ? withCanaryCaps(defaulted, config.canary) : defaulted;
  const journal = new InstanceJournal(store.journal, instance.name, instance.mode, clock);
  let venue: ((portfolio: Portfolio) => RunnerVenue) | undefined;
  if (instance.mode === 'shadow') venue = () => new ShadowVenue();
  if (instance.mode === 'testnet') {
    const key = instance.key === undefined || venueId === 'simulator' ? undefined : options.access.openKeys(config.keys).get(instance.key);
    const credentials = key === undefined ? {} : { credentials: { apiKey: key.apiKey, secret: key.secret } };
    const absenceGraceMs = venueId === 'simulator' ? config.simulator.absenceGraceMs : undefined;
    const made = await exchangeVenueFor({ instance, venueId, restUrl: market.restUrl, settings, orders: store.orders, clock, file, field: `instances.${index}`, absenceGraceMs, ...credentials });
    exchanges.push(made.exchange);
    parts.set(instance.name, { instance: instance.name, manager: made.manager, journal: store.orders, exchange: made.exchange, market: made.market });
    // Start-up recovery (live/recovery.ts): reconcile with the exchange, rebuild the portfolio, start active or halted.
    const peers = config.instances.filter((other) => other !== instance && other.mode === 'testnet' && (other.venue ?? config.venue) === venueId).map((other) => other.name);
    venue = await recoveredVenue(made, { instance: instance.name, orders: store.orders, journal, history: store.journal, clock, cash: settings.cash, peers });
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
    exitAfterCandles: options.exitAfterCandles,
    ...(options.onUpdate === undefined ? {} : { onUpdate: options.onUpdate }),
    fleetRisk,
    beforeCandle: syncKills,
    ...(options.log === undefined ? {} : { log: options.log.instance(instance.name, instance.mode) }),
  });
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
