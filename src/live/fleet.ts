// A fleet: the instances of a fleet file run in one process, each on its own feed, session and
// journal. Paper instances trade on the simulated venue (the backtest's fill model), shadow ones
// on a venue that sends nothing, testnet ones through the order manager on the simulator or
// Binance's test network; canary and live ones pass the live-access gate first. The simulator, when
// an instance trades on it, runs in this process.
import path from 'node:path';
import { strategyRef } from '../app/index.ts';
import { instanceBacktestInput, parseBacktestConfig } from '../backtest/index.ts';
import { withModeRiskDefaults } from '../config/index.ts';
import type { FleetConfig, InstanceConfig } from '../config/index.ts';
import { ConfigError, InputError } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import type { Portfolio } from '../engine/index.ts';
import type { Exchange } from '../exchange/index.ts';
import type { Simulator } from '../simulator/index.ts';
import type { Store } from '../store/index.ts';
import { resolveParams, resolveStrategy } from '../strategies/index.ts';
import { startFleetSimulator } from './fleet-simulator.ts';
import { InstanceJournal } from './instance-journal.ts';
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
  readonly store: Pick<Store, 'journal' | 'orders'>;
  readonly clock: Clock;
  /** Run only these instances (by name); absent or empty = all. */
  readonly only?: readonly string[];
  /** Stop each instance cleanly after this many live candles. */
  readonly exitAfterCandles?: number | undefined;
  readonly access: Omit<LiveAccessOptions, 'file'>;
  /** Called after any instance handled a candle. */
  readonly onUpdate?: () => void;
}

export class Fleet {
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly runners: readonly InstanceRunner[],
    private readonly simulator: Simulator | undefined,
    private readonly exchanges: readonly Exchange[],
  ) {}

  /**
   * Checks, connects and warms up every selected instance; resolves once all are trading. Throws
   * InputError for an unknown `--instance`, ConfigError for a refused canary/live instance or a
   * setting the venue cannot serve (file and field named), and what a connection throws (after
   * closing whatever was opened).
   */
  static async start(options: FleetOptions): Promise<Fleet> {
    const { config, file } = options;
    const instances = selectInstances(config, options.only);
    checkLiveAccess(config, instances, { ...options.access, file });
    const real = instances.find(isRealMoney);
    if (real !== undefined) {
      // The gate above is passed; the canary caps and the daily loss limit are recorded in the
      // config but not yet enforced by the risk engine, so no real order is sent by this version.
      throw new ConfigError(`instance '${real.name}' (mode ${real.mode}): real-money trading is not enabled in this version until the risk engine enforces the canary caps and daily loss limits`, { file, field: 'mode' });
    }
    const onSimulator = instances.filter((instance) => (instance.venue ?? config.venue) === 'simulator');
    const external = config.simulator.url;
    const simulator = onSimulator.length === 0 || external !== undefined ? undefined : await startFleetSimulator(config, onSimulator, file);
    const endpoints: VenueEndpoints | undefined = external !== undefined ? { restUrl: external, wsUrl: external.replace(/^http/, 'ws') } : simulator === undefined ? undefined : { restUrl: simulator.restUrl, wsUrl: simulator.wsUrl };
    const exchanges: Exchange[] = [];
    const runners: InstanceRunner[] = [];
    const fleet = new Fleet(runners, simulator, exchanges);
    try {
      for (const instance of instances) runners.push(await runnerFor(instance, options, endpoints, exchanges));
      await Promise.all(runners.map((runner) => runner.start()));
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

  /** Stops every instance after the candle it is handling, then closes the venues and the simulator. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.runners.map((runner) => runner.stop()));
      await Promise.all(this.exchanges.map((exchange) => exchange.close().catch(() => undefined)));
      await this.simulator?.close();
    })();
    return this.stopping;
  }
}

function selectInstances(config: FleetConfig, only: readonly string[] | undefined): InstanceConfig[] {
  if (only === undefined || only.length === 0) return config.instances;
  const names = config.instances.map((instance) => instance.name);
  for (const name of only) if (!names.includes(name)) throw new InputError(`--instance: no instance '${name}' in the fleet (instances: ${names.join(', ')})`);
  return config.instances.filter((instance) => only.includes(instance.name));
}

async function runnerFor(instance: InstanceConfig, options: FleetOptions, simulator: VenueEndpoints | undefined, exchanges: Exchange[]): Promise<InstanceRunner> {
  const { config, file, store, clock } = options;
  const index = config.instances.indexOf(instance);
  const venueId = instance.venue ?? config.venue;
  const market = venueEndpoints(venueId, simulator, { file, field: `instances.${index}.venue` });
  const strategyName = strategyRef(instance.strategy, path.dirname(path.resolve(file)));
  const definition = await resolveStrategy(strategyName);
  const params = resolveParams(definition, instance.params);
  // The mode's risk defaults where the file leaves a limit out (none for paper: it trades as the backtest does).
  const settings = withModeRiskDefaults(instance.mode, parseBacktestConfig({ ...instanceBacktestInput(instance), strategy: strategyName, params }, { file }));
  const journal = new InstanceJournal(store.journal, instance.name, instance.mode, clock);
  let venue: ((portfolio: Portfolio) => RunnerVenue) | undefined;
  if (instance.mode === 'shadow') venue = () => new ShadowVenue();
  if (instance.mode === 'testnet') {
    const key = instance.key === undefined || venueId === 'simulator' ? undefined : options.access.openKeys(config.keys).get(instance.key);
    const credentials = key === undefined ? {} : { credentials: { apiKey: key.apiKey, secret: key.secret } };
    const absenceGraceMs = venueId === 'simulator' ? config.simulator.absenceGraceMs : undefined;
    const made = await exchangeVenueFor({ instance, venueId, restUrl: market.restUrl, settings, orders: store.orders, clock, file, field: `instances.${index}`, absenceGraceMs, ...credentials });
    exchanges.push(made.exchange);
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
    ...(venue === undefined ? {} : { venue }),
    exitAfterCandles: options.exitAfterCandles,
    ...(options.onUpdate === undefined ? {} : { onUpdate: options.onUpdate }),
  });
}
