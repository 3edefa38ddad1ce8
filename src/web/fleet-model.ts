// The fleet as the pages show it: one row per instance, from the API's fleet route (status, kill
// and pause flags) and each instance's balances in the journal (drawdown, exposure), and its
// instance route (open orders).
import { api } from './api.ts';
import { list, numberOf, rec, textOf, timeOf } from './read.ts';

/** The kill store's scope of the whole fleet (store/kill-store.ts FLEET_SCOPE). */
export const FLEET_SCOPE = '*';

/** Balances read to find an instance's peak equity: its newest ones. */
const BALANCES = 5000;

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
  /** Below the peak equity of the balances on record, a fraction of the peak. */
  readonly drawdown: number | null;
  /** Value of the position at the last close, quote currency. */
  readonly exposure: number | null;
  readonly openOrders: number | null;
  readonly trades: number | null;
  readonly lastSignal: string;
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

/** Reads the fleet and each instance's drawdown, exposure and open orders. @throws ApiError */
export async function loadFleet(): Promise<FleetView> {
  const body = rec(await api<unknown>('GET', '/fleet'));
  const flags = new Set(list(body.flags).map((f) => textOf(rec(f), 'scope')));
  const pauses = new Set(list(body.pauses).map((f) => textOf(rec(f), 'scope')));
  const killed = flags.has(FLEET_SCOPE);
  const instances = await Promise.all(
    list(body.instances).map(async (value) => {
      const status = rec(value);
      const name = textOf(status, 'instance', 'name');
      const [figures, openOrders] = await Promise.all([balanceFigures(name), openOrderCount(name)]);
      return instanceView(status, { ...figures, openOrders, paused: pauses.has(name) || pauses.has(FLEET_SCOPE), killed: killed || flags.has(name) });
    }),
  );
  return { instances, killed };
}

/** Reads one instance. @throws ApiError */
export async function loadInstance(name: string): Promise<InstanceView> {
  const body = rec(await api<unknown>('GET', `/instances/${encodeURIComponent(name)}`));
  const figures = await balanceFigures(name);
  return instanceView(body.status, { ...figures, openOrders: list(body.openOrders).length, paused: body.pause !== null && body.pause !== undefined, killed: body.flag !== null && body.flag !== undefined });
}

interface Extra {
  readonly drawdown: number | null;
  readonly exposure: number | null;
  readonly openOrders: number | null;
  readonly paused: boolean;
  readonly killed: boolean;
}

/** Drawdown from the peak of the balances on record, exposure from the last one; nulls when none. */
async function balanceFigures(name: string): Promise<Pick<Extra, 'drawdown' | 'exposure'>> {
  try {
    const entries = list(await api<unknown>('GET', `/journal?instance=${encodeURIComponent(name)}&kind=balance&limit=${BALANCES}`)).map((e) => rec(rec(e).data));
    const last = entries.at(-1);
    if (last === undefined) return { drawdown: null, exposure: null };
    let peak = -Infinity;
    for (const data of entries) peak = Math.max(peak, numberOf(data, 'equity') ?? -Infinity);
    const equity = numberOf(last, 'equity');
    const position = numberOf(last, 'position');
    const price = numberOf(last, 'price');
    return { drawdown: equity === null || !(peak > 0) ? null : Math.max(0, 1 - equity / peak), exposure: position === null || price === null ? null : Math.abs(position * price) };
  } catch {
    return { drawdown: null, exposure: null };
  }
}

async function openOrderCount(name: string): Promise<number | null> {
  try {
    return list(rec(await api<unknown>('GET', `/instances/${encodeURIComponent(name)}`)).openOrders).length;
  } catch {
    return null;
  }
}

/** One instance from its status row (API schema instanceStatusSchema) and the figures read beside it. */
export function instanceView(value: unknown, extra: Extra): InstanceView {
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
    riskState: textOf(r, 'riskState'),
    riskReason: textOf(r, 'riskReason'),
    feed: textOf(r, 'feed'),
    lastCandleTime: timeOf(r, 'lastCandleTime'),
    error: textOf(r, 'error'),
    ...extra,
  };
}
