// What the fleet tells its metrics, and what the metrics read from the fleet at a scrape. Plain
// interfaces, no Prometheus types: the live code calls them (optionally; no observer, no cost) and
// the metrics (fleet-metrics.ts) implement them. Events are counted where they happen; levels
// (states, ages, kill flags) are read from the fleet when scraped.
import type { Timeframe } from '../core/index.ts';
import type { CallMeter } from '../exchange/index.ts';

/** One instance as a scrape reads it (live's InstanceStatus has these fields). */
export interface InstanceSnapshot {
  readonly instance: string;
  /** The runner's state: starting | running | stopped | failed. */
  readonly state: string;
  /** The trading state: active | reducing | halted. */
  readonly riskState: string;
  /** Wall-clock ms of the freshest market data: the last live candle's arrival (live candles' start before the first); null before they start. */
  readonly dataAt?: number | null | undefined;
  /** Wall-clock ms of the kline stream's last message (its connection counts as one); null before it connected. */
  readonly heartbeatAt?: number | null | undefined;
}

/** The running fleet, read at each scrape. */
export interface FleetView {
  status(): readonly InstanceSnapshot[];
  /** The kill switch's flags set now: the whole fleet's, and the instances' (by name). */
  killFlags(): { readonly fleet: boolean; readonly instances: readonly string[] };
}

/** What an instance of the fleet was started as: bounded labels, and its drawdown pause. */
export interface InstanceInfo {
  readonly name: string;
  readonly mode: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The drawdown pause, % of the equity peak; undefined when off. */
  readonly maxDrawdownPct?: number | undefined;
}

/** One instance's events, called where they happen. */
export interface InstanceObserver {
  /** An entry the instance's journal has just written (orders, fills, refusals, balances, feed and stream events, recovery). */
  journaled(kind: string, data: unknown): void;
  /** A live candle's arrival to the strategy's decision and the risk check done, seconds. */
  decided(seconds: number): void;
  /** An order's decision to the venue's acknowledgement of it, seconds. */
  acknowledged(seconds: number): void;
}

/** The fleet's observer: one per process. */
export interface FleetObserver {
  /** The fleet, once it exists: its levels are read from it at each scrape. */
  watch(fleet: FleetView): void;
  /** An instance being built: its events go to the observer returned. */
  instance(info: InstanceInfo): InstanceObserver;
  /** A venue's adapter being opened (`venue`: the fleet file's venue id): what its replies say goes to the meter returned. */
  exchange(venue: string): CallMeter;
}
