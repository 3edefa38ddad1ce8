// The fleet as the pages show it: one row per instance, from the API's fleet route (status with
// drawdown, exposure and open orders, kill and pause flags): one request per refresh.
import { api } from './api.ts';
import { list, numberOf, rec, textOf, timeOf } from './read.ts';

/** The kill store's scope of the whole fleet (store/kill-store.ts FLEET_SCOPE). */
export const FLEET_SCOPE = '*';

/** One instance's figures. Money in quote currency; drawdown a fraction of the peak (0.05 = 5%). */
export interface InstanceView {
  readonly name: string;
  readonly mode: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** starting | running | stopped | failed. */
  readonly state: string;
  readonly equity: number | null;
  readonly pnl: number | null;
  /** Below the peak equity of the instance's latest run, a fraction of the peak. */
  readonly drawdown: number | null;
  /** Value of the position at the last close, quote currency. */
  readonly exposure: number | null;
  readonly openOrders: number | null;
  readonly trades: number | null;
  readonly lastSignal: string;
  /** Orders refused in the latest run (risk engine or venue); null when the status has no count. */
  readonly refusals: number | null;
  /** The last refusal's code (POSITION_LIMIT, …; VENUE for the venue's); empty before the first. */
  readonly lastRefusal: string;
  /** active | reducing | halted. */
  readonly riskState: string;
  readonly riskReason: string;
  /** live | stale | paused: missing candle … */
  readonly feed: string;
  /** Paused by an operator (no new entries, exits allowed). */
  readonly paused: boolean;
  /** Its own kill flag (or the fleet's) is set. */
  readonly killed: boolean;
  readonly lastCandleTime: number | null;
  readonly error: string;
}

/** The fleet's instances and the fleet-wide kill flag. */
export interface FleetView {
  readonly instances: InstanceView[];
  /** The fleet's kill switch is engaged. */
  readonly killed: boolean;
}

/** Reads the fleet: every instance's status and figures, and the kill and pause flags. @throws ApiError */
export async function loadFleet(): Promise<FleetView> {
  const body = rec(await api<unknown>('GET', '/fleet'));
  const flags = new Set(list(body.flags).map((f) => textOf(rec(f), 'scope')));
  const pauses = new Set(list(body.pauses).map((f) => textOf(rec(f), 'scope')));
  const killed = flags.has(FLEET_SCOPE);
  const instances = list(body.instances).map((value) => {
    const name = textOf(rec(value), 'instance', 'name');
    return instanceView(value, { paused: pauses.has(name) || pauses.has(FLEET_SCOPE), killed: killed || flags.has(name) });
  });
  return { instances, killed };
}

/** Reads one instance. @throws ApiError */
export async function loadInstance(name: string): Promise<InstanceView> {
  const body = rec(await api<unknown>('GET', `/instances/${encodeURIComponent(name)}`));
  return instanceView(body.status, { paused: body.pause !== null && body.pause !== undefined, killed: body.flag !== null && body.flag !== undefined });
}

interface Flags {
  readonly paused: boolean;
  readonly killed: boolean;
}

/** One instance from its status row (API schema instanceStatusSchema) and its flags. */
export function instanceView(value: unknown, flags: Flags): InstanceView {
  const r = rec(value);
  return {
    name: textOf(r, 'instance', 'name'),
    mode: textOf(r, 'mode'),
    symbol: textOf(r, 'symbol'),
    timeframe: textOf(r, 'timeframe'),
    state: textOf(r, 'state'),
    equity: numberOf(r, 'equity'),
    pnl: numberOf(r, 'pnl'),
    trades: numberOf(r, 'trades'),
    lastSignal: textOf(r, 'lastSignal'),
    refusals: numberOf(r, 'refusals'),
    lastRefusal: textOf(r, 'lastRefusal'),
    riskState: textOf(r, 'riskState'),
    riskReason: textOf(r, 'riskReason'),
    feed: textOf(r, 'feed'),
    lastCandleTime: timeOf(r, 'lastCandleTime'),
    error: textOf(r, 'error'),
    drawdown: numberOf(r, 'drawdown'),
    exposure: numberOf(r, 'exposure'),
    openOrders: numberOf(r, 'openOrders'),
    ...flags,
  };
}
