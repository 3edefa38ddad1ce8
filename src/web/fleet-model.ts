// The fleet as the pages show it: one row per instance, read from the API's fleet route.
import { api } from './api.ts';
import { list, numberOf, rec, textOf, timeOf } from './read.ts';

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
  /** Paused by an operator (no new entries); null when the API does not say. */
  readonly paused: boolean | null;
  readonly lastCandleTime: number | null;
  readonly error: string;
}

/** The fleet's instances and the fleet-wide kill flag. */
export interface FleetView {
  readonly instances: InstanceView[];
  /** The fleet's kill switch is engaged; null when the API does not say. */
  readonly killed: boolean | null;
}

/** Reads the fleet. @throws ApiError */
export async function loadFleet(): Promise<FleetView> {
  const body = await api<unknown>('GET', '/fleet');
  const record = rec(body);
  const killed = typeof record.killed === 'boolean' ? record.killed : typeof rec(record.kill).engaged === 'boolean' ? (rec(record.kill).engaged as boolean) : null;
  return { instances: list(body, 'instances').map(instanceView), killed };
}

/** Reads one instance. @throws ApiError */
export async function loadInstance(name: string): Promise<InstanceView> {
  const body = rec(await api<unknown>('GET', `/instances/${encodeURIComponent(name)}`));
  return instanceView(rec(body.instance).name === undefined ? body : body.instance);
}

/** One instance from the API's JSON (its status row). */
export function instanceView(value: unknown): InstanceView {
  const r = rec(value);
  const risk = rec(r.risk);
  const pausedValue = r.paused ?? risk.paused;
  return {
    name: textOf(r, 'name', 'instance'),
    mode: textOf(r, 'mode'),
    symbol: textOf(r, 'symbol'),
    timeframe: textOf(r, 'timeframe'),
    state: textOf(r, 'state', 'status'),
    equity: numberOf(r, 'equity'),
    pnl: numberOf(r, 'pnl'),
    drawdown: numberOf(r, 'drawdown', 'drawdownFraction'),
    exposure: numberOf(r, 'exposure', 'exposureQuote'),
    openOrders: typeof r.openOrders === 'object' ? list(r.openOrders).length : numberOf(r, 'openOrders', 'openOrderCount'),
    trades: numberOf(r, 'trades', 'tradeCount'),
    lastSignal: textOf(r, 'lastSignal'),
    riskState: textOf(r, 'riskState') || textOf(risk, 'state'),
    riskReason: textOf(r, 'riskReason') || textOf(risk, 'reason'),
    feed: textOf(r, 'feed', 'feedState'),
    paused: typeof pausedValue === 'boolean' ? pausedValue : null,
    lastCandleTime: timeOf(r, 'lastCandleTime'),
    error: textOf(r, 'error'),
  };
}
