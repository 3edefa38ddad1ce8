// The fleet's Prometheus metrics: one prom-client Registry per process, fed by the fleet running
// in it. Names follow Prometheus' conventions: base units (seconds; money in the quote currency,
// `_quote`; fractions as `_ratio`), counters ending in `_total`, durations as `_seconds`
// histograms. Labels take bounded values only: instance names from the fleet file, modes, symbols
// and timeframes, the risk engine's fixed refusal codes, order events, error codes of the error
// tree, venue ids, stream kinds and states — never an order id or free text.
//
// Counters and the balance gauges follow the instances' journals (an entry counted as it is
// written, so the counts are the journal's); latencies are observed by the runner and the exchange
// venue; states, ages and kill flags are read from the fleet at each scrape. Children of labelled
// metrics are bound once per instance, so an event costs a map lookup, not an allocation.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RampartError, systemClock, timeframeMs } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import type { CallMeter } from '../exchange/index.ts';
import { RISK_CODES, TRADING_STATES } from '../risk/index.ts';
import type { FleetObserver, FleetView, InstanceInfo, InstanceObserver } from './observer.ts';

/** The `code` label of a rejection the venue made (the risk engine's have their RiskCode). */
export const VENUE_REJECTION = 'VENUE';
/** The `code` label of a rejection whose detail the portfolio did not keep, or an error that is not ours. */
export const UNKNOWN_CODE = 'UNKNOWN';
/** The `scope` label of the fleet-wide kill switch. */
export const FLEET_SCOPE_LABEL = 'fleet';

/** Runner states, exported as one series per state (1 for the current); trading states likewise, from risk's TRADING_STATES. */
export const RUNNER_STATES = ['starting', 'running', 'stopped', 'failed'] as const;

/** Order events as the journal names them (`order` entries). */
const ORDER_EVENTS = new Set(['submitted', 'rejected', 'canceled', 'cancel-requested']);
const KNOWN_CODES = new Set<string>(RISK_CODES);

export interface FleetMetricsOptions {
  /** Wall clock the data and heartbeat ages are measured on (default: the system's). */
  readonly clock?: Clock;
  /** Also collect the process metrics (CPU, memory, event loop, GC); default true. */
  readonly processMetrics?: boolean;
}

export class FleetMetrics implements FleetObserver {
  /** The registry `/metrics` serves (api/metrics-route.ts). */
  readonly registry = new Registry();
  private view: FleetView | undefined;
  private readonly clock: Clock;
  private readonly instances = new Set<string>();

  private readonly info: Gauge<'instance' | 'mode' | 'symbol' | 'timeframe'>;
  private readonly interval: Gauge<'instance'>;
  readonly equity: Gauge<'instance'>;
  readonly pnl: Gauge<'instance'>;
  readonly exposure: Gauge<'instance'>;
  readonly position: Gauge<'instance'>;
  readonly drawdown: Gauge<'instance'>;
  readonly drawdownLimit: Gauge<'instance'>;
  readonly candles: Counter<'instance'>;
  readonly orders: Counter<'instance' | 'status'>;
  readonly fills: Counter<'instance' | 'side'>;
  readonly rejections: Counter<'instance' | 'code'>;
  readonly trades: Counter<'instance'>;
  readonly reconnects: Counter<'instance' | 'stream'>;
  readonly reconciliationHalted: Gauge<'instance'>;
  readonly decisionLatency: Histogram<'instance'>;
  readonly ackLatency: Histogram<'instance'>;
  readonly apiErrors: Counter<'venue' | 'code'>;
  readonly requestWeight: Gauge<'venue'>;

  constructor(options: FleetMetricsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    const registers = [this.registry];
    const fleet = this;
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.info = new Gauge({ name: 'rampart_instance_info', help: 'An instance of the fleet (always 1): its mode, symbol and timeframe as labels.', labelNames: ['instance', 'mode', 'symbol', 'timeframe'], registers });
    this.interval = new Gauge({ name: 'rampart_candle_interval_seconds', help: "The instance's candle timeframe, seconds (alerts scale the data age by it).", labelNames: ['instance'], registers });
    this.equity = new Gauge({ name: 'rampart_equity_quote', help: 'Cash plus the position at the last close, quote currency.', labelNames: ['instance'], registers });
    this.pnl = new Gauge({ name: 'rampart_pnl_quote', help: 'Equity less the starting cash, quote currency.', labelNames: ['instance'], registers });
    this.exposure = new Gauge({ name: 'rampart_exposure_quote', help: 'Absolute position at the last close, quote currency.', labelNames: ['instance'], registers });
    this.position = new Gauge({ name: 'rampart_position_base', help: 'Signed position, base currency.', labelNames: ['instance'], registers });
    this.drawdown = new Gauge({ name: 'rampart_drawdown_ratio', help: 'Fall of equity from its peak since the process started, fraction of the peak (0.05 = 5%).', labelNames: ['instance'], registers });
    this.drawdownLimit = new Gauge({ name: 'rampart_drawdown_limit_ratio', help: 'The drawdown at which the risk engine pauses the instance, fraction of the peak; absent when off.', labelNames: ['instance'], registers });
    this.candles = new Counter({ name: 'rampart_candles_total', help: 'Live closed candles handled.', labelNames: ['instance'], registers });
    this.orders = new Counter({ name: 'rampart_orders_total', help: 'Orders by journal event: submitted to the venue, rejected or canceled by it, cancel-requested by the kernel.', labelNames: ['instance', 'status'], registers });
    this.fills = new Counter({ name: 'rampart_fills_total', help: 'Fills reported to the portfolio.', labelNames: ['instance', 'side'], registers });
    this.rejections = new Counter({ name: 'rampart_rejections_total', help: `Orders refused, by the risk engine's code, ${VENUE_REJECTION} (the venue) or ${UNKNOWN_CODE}.`, labelNames: ['instance', 'code'], registers });
    this.trades = new Counter({ name: 'rampart_trades_total', help: 'Round trips closed.', labelNames: ['instance'], registers });
    this.reconnects = new Counter({ name: 'rampart_websocket_reconnects_total', help: 'WebSocket connections lost and replaced: the kline feed (kline) or the account user data stream (user).', labelNames: ['instance', 'stream'], registers });
    this.reconciliationHalted = new Gauge({ name: 'rampart_reconciliation_halted', help: 'Start-up recovery of an exchange instance: 1 when it halted the instance (an order unknown, holdings not reconciled), 0 when clean.', labelNames: ['instance'], registers });
    this.decisionLatency = new Histogram({ name: 'rampart_candle_to_decision_seconds', help: "A live closed candle's arrival to the strategy's decision, risk-checked and journaled.", labelNames: ['instance'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers });
    this.ackLatency = new Histogram({ name: 'rampart_decision_to_ack_seconds', help: "An order's decision to the exchange's acknowledgement of it.", labelNames: ['instance'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.apiErrors = new Counter({ name: 'rampart_exchange_api_errors_total', help: 'Exchange API calls that failed, by the error code of our error tree.', labelNames: ['venue', 'code'], registers });
    this.requestWeight = new Gauge({ name: 'rampart_exchange_request_weight_used', help: "Request weight used in the venue's current window, as its last reply said.", labelNames: ['venue'], registers });
    new Gauge({
      name: 'rampart_trading_state',
      help: 'Trading state of an instance (the stricter of its own and the fleet\'s): 1 for the current state.',
      labelNames: ['instance', 'state'],
      registers,
      collect() {
        this.reset();
        for (const s of fleet.view?.status() ?? []) for (const state of TRADING_STATES) this.labels(s.instance, state).set(s.riskState === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'rampart_instance_state',
      help: "State of an instance's runner: 1 for the current state.",
      labelNames: ['instance', 'state'],
      registers,
      collect() {
        this.reset();
        for (const s of fleet.view?.status() ?? []) for (const state of RUNNER_STATES) this.labels(s.instance, state).set(s.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'rampart_data_age_seconds',
      help: 'Seconds since the last live closed candle arrived (since live candles started, before the first).',
      labelNames: ['instance'],
      registers,
      collect() {
        this.reset();
        const now = fleet.clock.now();
        for (const s of fleet.view?.status() ?? []) if (typeof s.dataAt === 'number') this.labels(s.instance).set(Math.max(0, now - s.dataAt) / 1000);
      },
    });
    new Gauge({
      name: 'rampart_heartbeat_age_seconds',
      help: "Seconds since the instance's kline stream last sent a message.",
      labelNames: ['instance'],
      registers,
      collect() {
        this.reset();
        const now = fleet.clock.now();
        for (const s of fleet.view?.status() ?? []) if (typeof s.heartbeatAt === 'number') this.labels(s.instance).set(Math.max(0, now - s.heartbeatAt) / 1000);
      },
    });
    new Gauge({
      name: 'rampart_kill_switch_engaged',
      help: `The kill switch per scope (${FLEET_SCOPE_LABEL}: the whole fleet, or an instance): 1 while its flag is set.`,
      labelNames: ['scope'],
      registers,
      collect() {
        this.reset();
        if (fleet.view === undefined) return;
        const killed = fleet.view.killFlags();
        this.labels(FLEET_SCOPE_LABEL).set(killed.fleet ? 1 : 0);
        for (const name of fleet.instances) this.labels(name).set(killed.instances.includes(name) ? 1 : 0);
      },
    });
  }

  watch(fleet: FleetView): void {
    this.view = fleet;
  }

  instance(info: InstanceInfo): InstanceObserver {
    this.instances.add(info.name);
    this.info.labels(info.name, info.mode, info.symbol, info.timeframe).set(1);
    this.interval.labels(info.name).set(timeframeMs(info.timeframe) / 1000);
    if (info.maxDrawdownPct !== undefined) this.drawdownLimit.labels(info.name).set(info.maxDrawdownPct / 100);
    return new InstanceMetrics(this, info.name);
  }

  exchange(venue: string): CallMeter {
    const weight = this.requestWeight.labels(venue);
    return {
      weightUsed: (used) => weight.set(used),
      failed: (error) => this.apiErrors.labels(venue, error instanceof RampartError ? error.code : UNKNOWN_CODE).inc(),
    };
  }
}

type CounterChild = ReturnType<Counter<string>['labels']>;
type GaugeChild = ReturnType<Gauge<string>['labels']>;
type HistogramChild = ReturnType<Histogram<string>['labels']>;

/** One instance's bound children, fed by its journal and its latencies. */
class InstanceMetrics implements InstanceObserver {
  private readonly equity: GaugeChild;
  private readonly pnl: GaugeChild;
  private readonly exposure: GaugeChild;
  private readonly position: GaugeChild;
  private readonly drawdown: GaugeChild;
  private readonly candles: CounterChild;
  private readonly trades: CounterChild;
  private readonly decisions: HistogramChild;
  private readonly acks: HistogramChild;
  private readonly orders = new Map<string, CounterChild>();
  private readonly fills = new Map<string, CounterChild>();
  private readonly rejections = new Map<string, CounterChild>();
  private readonly reconnects: { readonly kline: CounterChild; readonly user: CounterChild };
  private readonly reconciliation: GaugeChild;
  private peak = -Infinity;

  constructor(
    private readonly metrics: FleetMetrics,
    private readonly name: string,
  ) {
    this.equity = metrics.equity.labels(name);
    this.pnl = metrics.pnl.labels(name);
    this.exposure = metrics.exposure.labels(name);
    this.position = metrics.position.labels(name);
    this.drawdown = metrics.drawdown.labels(name);
    this.candles = metrics.candles.labels(name);
    this.trades = metrics.trades.labels(name);
    this.decisions = metrics.decisionLatency.labels(name);
    this.acks = metrics.ackLatency.labels(name);
    this.reconnects = { kline: metrics.reconnects.labels(name, 'kline'), user: metrics.reconnects.labels(name, 'user') };
    this.reconciliation = metrics.reconciliationHalted.labels(name);
    // Zero from the start, so a rate over them is defined before the first event.
    for (const event of ORDER_EVENTS) this.child(this.orders, metrics.orders, event).inc(0);
    for (const side of ['buy', 'sell']) this.child(this.fills, metrics.fills, side).inc(0);
    this.candles.inc(0);
    this.trades.inc(0);
    this.reconnects.kline.inc(0);
  }

  decided(seconds: number): void {
    this.decisions.observe(seconds);
  }

  acknowledged(seconds: number): void {
    this.acks.observe(seconds);
  }

  journaled(kind: string, data: unknown): void {
    const d = data as Record<string, unknown>;
    switch (kind) {
      case 'candle':
        this.candles.inc();
        return;
      case 'order':
        if (typeof d.event === 'string' && ORDER_EVENTS.has(d.event)) this.child(this.orders, this.metrics.orders, d.event).inc();
        return;
      case 'fill':
        this.child(this.fills, this.metrics.fills, d.side === 'sell' ? 'sell' : 'buy').inc();
        return;
      case 'refusal':
        this.child(this.rejections, this.metrics.rejections, rejectionCode(d)).inc();
        return;
      case 'trade':
        this.trades.inc();
        return;
      case 'balance':
        this.balance(Number(d.equity), Number(d.pnl), Number(d.position), Number(d.price));
        return;
      case 'feed':
        if (d.type === 'disconnected') this.reconnects.kline.inc();
        return;
      case 'user-stream':
        this.reconnects.user.inc(d.type === 'disconnected' ? 1 : 0); // the series exists once the instance has a stream
        return;
      case 'recovery':
        this.reconciliation.set(d.state === 'halted' ? 1 : 0);
    }
  }

  private balance(equity: number, pnl: number, position: number, price: number): void {
    this.equity.set(equity);
    this.pnl.set(pnl);
    this.position.set(position);
    this.exposure.set(Math.abs(position) * price);
    if (equity > this.peak) this.peak = equity;
    this.drawdown.set(this.peak > 0 ? (this.peak - equity) / this.peak : 0);
  }

  /** The bound child for a label value (bounded by the caller), made once. */
  private child(cache: Map<string, CounterChild>, counter: Counter<string>, value: string): CounterChild {
    let child = cache.get(value);
    if (child === undefined) {
      child = counter.labels(this.name, value);
      cache.set(value, child);
    }
    return child;
  }
}

/** A refusal entry's code label: the risk engine's code, VENUE for the venue's, UNKNOWN otherwise. */
function rejectionCode(entry: Record<string, unknown>): string {
  if (typeof entry.code === 'string' && KNOWN_CODES.has(entry.code)) return entry.code;
  return entry.source === 'venue' ? VENUE_REJECTION : UNKNOWN_CODE;
}
