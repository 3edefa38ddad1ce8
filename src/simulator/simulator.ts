// The Binance-compatible simulator: market feeds, matching engine, account, REST and WebSocket
// on one loopback port. Tests start one on port 0 and step its market by hand; the CLI runs one
// with the market on a timer.
//
// One market clock: everything the simulator shows a client is stamped with the replayed market's
// time (the replay position, where every symbol's feed stands; the bundled sets are aligned) plus
// the clock-skew fault: server time, transactTime, order and trade times, user-data and market
// event times, and kline open/close times. So a kline whose close time is before the server time
// is closed, and the forming one closes after it, as on Binance. The market clock stands still
// between steps and jumps a quarter candle per step. The host's clock (the `clock` option) is
// used only where real time matters: request-weight windows and bans, and clients' own
// timestamps, which are accepted on either clock (a client synced to server time, or one that
// signs with its own clock; signature.ts).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, systemClock, timeframeMs } from '../core/index.ts';
import type { CandleSeries, Clock, Timeframe } from '../core/index.ts';
import { bundledFile, loadCandles } from '../data/index.ts';
import { Account } from './account.ts';
import { decFromNumber, parseDec } from './decimal.ts';
import type { Dec } from './decimal.ts';
import { Faults } from './faults.ts';
import type { FaultInput } from './faults.ts';
import { randomWalkCandles, SymbolFeed } from './feed.ts';
import { KLINE_PUSH_MS } from './kline-stream.ts';
import { simMarket } from './markets.ts';
import type { SimMarket } from './markets.ts';
import { MatchingEngine } from './matching-engine.ts';
import { RequestWeights } from './request-weight.ts';
import type { WeightLimits } from './request-weight.ts';
import { restHandler } from './rest-server.ts';
import type { ReceivedRequest } from './rest-server.ts';
import { MarketWebSockets } from './ws-server.ts';
import path from 'node:path';

/** The documented local key pair, accepted when no keys are given. Never valid anywhere else. */
export const LOCAL_API_KEY = 'rampart-local-key';
export const LOCAL_API_SECRET = 'rampart-local-secret';

export const DEFAULT_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'XRPUSDT', 'ADAUSDT'];

export interface SimulatorOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly symbols?: readonly string[];
  readonly timeframe?: Timeframe;
  /** A folder of <SYMBOL>-<timeframe>.csv files to replay; default the bundled data. */
  readonly dataDir?: string;
  /** Replay real candles, or a seeded random walk. */
  readonly market?: 'replay' | 'random-walk';
  readonly seed?: number;
  /** Candle index the replay starts at (history before it is served by /klines). */
  readonly startIndex?: number;
  /** Market time per wall time; 0 = the market moves only when stepped. */
  readonly speed?: number;
  readonly balances?: Readonly<Record<string, number | string>>;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly makerFee?: number;
  readonly takerFee?: number;
  readonly limits?: Partial<WeightLimits>;
  readonly faults?: FaultInput;
  /** The host's clock (before clock skew): rate-limit windows, bans, clients' timestamps. Not the market clock. */
  readonly clock?: Clock;
  /** Resting orders per book level: a taker gets one trade per maker (default 1; see MatchingOptions). */
  readonly makersPerLevel?: number;
  /** Sees every REST API request as received (tests compare what two clients put on the wire). */
  readonly onRequest?: (request: ReceivedRequest) => void;
  /** Wall time between pushes of a kline stream's forming kline when no tick sent it (Binance: 2000 ms). */
  readonly klinePushMs?: number;
}

export interface SimulatorState {
  readonly account: Record<string, [string, string]>;
  readonly engine: ReturnType<MatchingEngine['snapshot']>;
  readonly feeds: Record<string, ReturnType<SymbolFeed['position']>>;
}

export class Simulator {
  readonly engine: MatchingEngine;
  readonly faults: Faults;
  readonly weights: RequestWeights;
  readonly feeds: Map<string, SymbolFeed>;
  readonly apiKey: string;
  readonly apiSecret: string;
  private readonly server: Server;
  private readonly sockets: MarketWebSockets;
  private readonly listenKeys = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Market ms per real ms while the market runs on a timer (run), else 1: signing windows scale with it. */
  private speed = 1;
  private readonly clock: Clock;

  private constructor(
    options: SimulatorOptions,
    readonly timeframe: Timeframe,
    markets: Map<string, SimMarket>,
    feeds: Map<string, SymbolFeed>,
  ) {
    this.clock = options.clock ?? systemClock;
    this.apiKey = options.apiKey ?? LOCAL_API_KEY;
    this.apiSecret = options.apiSecret ?? LOCAL_API_SECRET;
    this.feeds = feeds;
    this.faults = new Faults(options.faults);
    this.weights = new RequestWeights({ weightPerMinute: 6000, ordersPer10s: 100, strikesBeforeBan: 5, banMs: 120_000, ...options.limits });
    const account = new Account(parseBalances(options.balances ?? { USDT: 10_000 }));
    const fees = { maker: decFromNumber(options.makerFee ?? 0.001), taker: decFromNumber(options.takerFee ?? 0.001) };
    const serverTime = (): number => this.serverTime();
    const hostTime = (): number => this.hostTime();
    const marketSpeed = (): number => this.speed;
    const matching = options.makersPerLevel === undefined ? {} : { makersPerLevel: options.makersPerLevel };
    this.engine = new MatchingEngine(markets, feeds, account, fees, { now: serverTime }, matching);
    const keys = new Map([[this.apiKey, this.apiSecret]]);
    this.sockets = new MarketWebSockets({ engine: this.engine, faults: this.faults, keys, listenKeys: this.listenKeys, serverTime, hostTime, marketSpeed, klinePushMs: options.klinePushMs ?? KLINE_PUSH_MS });
    this.server = createServer(
      { keepAlive: true },
      restHandler({
        engine: this.engine,
        weights: this.weights,
        faults: this.faults,
        keys,
        serverTime,
        hostTime,
        marketSpeed,
        onRequest: options.onRequest,
        listenKey: () => {
          const key = randomBytes(32).toString('hex');
          this.listenKeys.add(key);
          return key;
        },
        admin: (method, route, body, params) => this.admin(method, route, body, params),
      }),
    );
    this.server.on('upgrade', (req, socket, head) => this.sockets.upgrade(req, socket, head));
  }

  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const timeframe = options.timeframe ?? '1h';
    const symbols = options.symbols ?? DEFAULT_SYMBOLS;
    const markets = new Map<string, SimMarket>();
    const feeds = new Map<string, SymbolFeed>();
    symbols.forEach((symbol, i) => {
      const candles = marketCandles(symbol, timeframe, options, i);
      markets.set(symbol, simMarket(symbol));
      feeds.set(symbol, new SymbolFeed(symbol, timeframe, candles, options.startIndex ?? Math.min(500, candles.length - 1)));
    });
    const simulator = new Simulator(options, timeframe, markets, feeds);
    await new Promise<void>((resolve, reject) => {
      simulator.server.once('error', reject);
      simulator.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const speed = options.speed ?? 0;
    if (speed > 0) simulator.run(speed);
    return simulator;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get host(): string {
    const address = (this.server.address() as AddressInfo).address;
    return address.includes(':') ? `[${address}]` : address;
  }

  get restUrl(): string {
    return `http://${this.host}:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://${this.host}:${this.port}`;
  }

  /** The market clock (ms): the replay position plus the clock-skew fault. */
  serverTime(): number {
    let market = -Infinity;
    for (const feed of this.feeds.values()) market = Math.max(market, feed.time);
    return market + this.faults.config.clockSkewMs;
  }

  /** The host's clock plus the clock-skew fault. */
  hostTime(): number {
    return this.clock.now() + this.faults.config.clockSkewMs;
  }

  /** Advances every symbol's market by `ticks` ticks (four per candle). */
  step(ticks = 1): void {
    for (let i = 0; i < ticks; i++) {
      for (const feed of this.feeds.values()) {
        const tick = feed.step();
        this.engine.onTick(tick);
        this.sockets.onTick(tick);
      }
    }
  }

  /** Steps the market on a timer: `speed` seconds of market time per second. */
  run(speed: number): void {
    this.stop();
    this.speed = Math.max(1, speed);
    const tickMs = timeframeMs(this.timeframe) / 4 / speed;
    const every = Math.max(tickMs, 10);
    const perTimer = Math.max(1, Math.round(every / tickMs));
    this.timer = setInterval(() => this.step(perTimer), every);
    this.timer.unref();
  }

  stop(): void {
    this.speed = 1;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  saveState(): SimulatorState {
    return {
      account: this.engine.account.snapshot(),
      engine: this.engine.snapshot(),
      feeds: Object.fromEntries([...this.feeds].map(([symbol, feed]) => [symbol, feed.position()])),
    };
  }

  restoreState(state: SimulatorState): void {
    const restored = Account.restore(state.account);
    const account = this.engine.account;
    for (const [asset] of account.all()) Object.assign(account.get(asset), { free: 0n, locked: 0n });
    for (const [asset, balance] of restored.all()) Object.assign(account.get(asset), balance);
    this.engine.restore(state.engine as Parameters<MatchingEngine['restore']>[0]);
    for (const [symbol, position] of Object.entries(state.feeds)) this.feeds.get(symbol)?.seek(position);
  }

  /** Closes connections the fault injection or a test wants gone. */
  dropWebSockets(): void {
    this.sockets.dropAll();
  }

  async close(): Promise<void> {
    this.stop();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private admin(method: string, route: string, body: string, params: URLSearchParams): unknown {
    const json = (): Record<string, unknown> => (body === '' ? {} : (JSON.parse(body) as Record<string, unknown>));
    switch (`${method} ${route}`) {
      case 'GET /admin/faults':
        return this.faults.config;
      case 'POST /admin/faults':
        return this.faults.update(json() as FaultInput);
      case 'POST /admin/step':
        this.step(Number(params.get('ticks') ?? 1));
        return { time: Math.max(...[...this.feeds.values()].map((f) => f.time)) };
      case 'POST /admin/ban':
        this.weights.ban(params.get('client') ?? '127.0.0.1', this.hostTime(), Number(params.get('ms') ?? 120_000));
        return {};
      case 'POST /admin/ws/drop':
        this.dropWebSockets();
        return {};
      case 'GET /admin/state':
        return this.saveState();
      case 'POST /admin/state':
        this.restoreState(json() as unknown as SimulatorState);
        return {};
      default:
        throw new Error(`unknown admin call ${method} ${route}`);
    }
  }
}

function marketCandles(symbol: string, timeframe: Timeframe, options: SimulatorOptions, i: number): CandleSeries {
  if (options.market === 'random-walk') {
    return randomWalkCandles((options.seed ?? 1) + i, 100 * 10 ** (i % 3), 20_000, Date.UTC(2025, 0, 1), timeframeMs(timeframe));
  }
  const file = options.dataDir === undefined ? bundledFile('binance', symbol, timeframe) : path.join(options.dataDir, `${symbol}-${timeframe}.csv`);
  if (file === undefined) throw new ConfigError(`no bundled ${timeframe} candles for ${symbol} to replay`, { field: 'symbols' });
  return loadCandles({ exchange: 'binance', symbol, timeframe, dataFile: file }).series;
}

function parseBalances(input: Readonly<Record<string, number | string>>): Record<string, Dec> {
  const out: Record<string, Dec> = {};
  for (const [asset, value] of Object.entries(input)) {
    const amount = typeof value === 'number' ? decFromNumber(value) : parseDec(value);
    if (amount === undefined || amount < 0n) throw new ConfigError(`balance for ${asset} must be a non-negative number, got "${value}"`, { field: 'balance' });
    out[asset] = amount;
  }
  return out;
}
