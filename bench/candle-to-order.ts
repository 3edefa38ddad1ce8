// Benchmark: candle close → order request sent, with 10 testnet-mode instances in one process, as
// a fleet runs them: each a TradingKernel on an ExchangeVenue over its own OrderManager (orders
// journaled in SQLite before they are sent) and its own ccxt Binance adapter, with the live risk
// defaults, against the simulator in a process of its own over loopback. The strategy enters when
// flat and exits when long, so every closed candle sends one order per instance.
//
// Each round the simulator's market moves one 1h candle; the closed candle is read once and handed
// to the ten kernels one after the other, as the fleet does when a candle closes for all of them.
// Measured per order from the moment its kernel is handed the candle to (a) the adapter's
// createOrder call and (b) the moment the HTTP request's headers are written to the socket
// (the diagnostics channel of undici under ccxt's fetch, or of node:http under the adapter's
// direct order path), matched by clientOrderId. The later kernels
// of a round share the event loop with the earlier ones: that queueing is part of the figure (the
// first and last instance of a round are reported apart; the venues' asynchronous steps interleave,
// so the first waits about as long as the last). p50/p99 after the warm-up rounds. The machine's own loopback HTTP round trip (fetch against a bare node:http
// server in another process) is measured in the same run as the ceiling the send figure sits under.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseBacktestConfig } from '../src/backtest/index.ts';
import { withModeRiskDefaults } from '../src/config/index.ts';
import { systemClock } from '../src/core/index.ts';
import { kernelOnVenue } from '../src/engine/index.ts';
import type { TradingKernel } from '../src/engine/index.ts';
import { openExchange } from '../src/exchange/index.ts';
import type { Exchange } from '../src/exchange/index.ts';
import { OrderManager } from '../src/execution/index.ts';
import { ExchangeVenue } from '../src/live/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET } from '../src/simulator/index.ts';
import type { Strategy } from '../src/strategies/index.ts';
import { openStore } from '../src/store/index.ts';
import { printFigure } from './report.ts';

const INSTANCES = 10;
const WARMUP_ROUNDS = 30;
const ROUNDS = 230;
const HOUR = 3_600_000;

/** Starts a child process that prints its URL on its first line of output. */
async function child(args: readonly string[]): Promise<{ process: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => proc.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
  return { process: proc, url };
}

/** Value at quantile `q` of `xs` (nearest rank), ms to 3 decimals. */
function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return Number(sorted[Math.floor(q * (sorted.length - 1))]!.toFixed(3));
}

/** Enters when flat, exits when long: one order on every candle. */
const flip = (): Strategy => ({ onCandle: (ctx) => (ctx.position === 0 ? { type: 'enter', side: 'long' } : { type: 'exit' }) });

const sim = await child(['--import', 'tsx', path.join(import.meta.dirname, 'simulator-server.ts')]);
const echo = await child(['-e', "const s=require('http').createServer((q,r)=>r.end('ok')).listen(0,'127.0.0.1',()=>console.log('http://127.0.0.1:'+s.address().port))"]);
const store = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'rampart-bench-c2o-')), 'orders.db'));
const exchanges: Exchange[] = [];

try {
  // When each instance was handed this round's closed candle (performance.now() ms).
  let handedAt = new Float64Array(INSTANCES);
  const toCall: number[] = [];
  const toSent: number[] = [];
  const callToSent: number[] = [];
  /** Candle → request sent of the first and the last instance handed each round's candle. */
  const firstToSent: number[] = [];
  const lastToSent: number[] = [];
  /** By clientOrderId: when its kernel was handed the candle, when the adapter was called, the instance. */
  const calledAt = new Map<string, [number, number, number]>();
  let measuring = false;
  let order = 0;

  /** A request carrying a new order is on the socket: matched to its adapter call by clientOrderId. */
  const sent = (text: string): void => {
    const id = /newClientOrderId=([^&]+)/.exec(text)?.[1];
    if (id === undefined) return;
    const times = calledAt.get(decodeURIComponent(id));
    if (times === undefined || !measuring) return;
    const now = performance.now();
    toSent.push(now - times[0]);
    if (times[2] === 0) firstToSent.push(now - times[0]);
    if (times[2] === INSTANCES - 1) lastToSent.push(now - times[0]);
    callToSent.push(now - times[1]);
  };
  // undici (ccxt's transport): published as the headers are written.
  diagnostics.subscribe('undici:client:sendHeaders', (message) => {
    const { request } = message as { request: { path: string; body?: unknown } };
    sent(`${request.path}&${typeof request.body === 'string' ? request.body : Buffer.isBuffer(request.body) ? request.body.toString() : ''}`);
  });
  // node:http (the adapter's direct order path, parameters in the query): published once the
  // request's buffered headers have been written to the socket.
  diagnostics.subscribe('http.client.request.start', (message) => sent((message as { request: { path: string } }).request.path));

  // Entries of 0.9% of equity: under the live default of 1% per position, so the risk engine passes them.
  const settings = withModeRiskDefaults('testnet', parseBacktestConfig({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', cash: 10_000, sizing: 'percent', sizingValue: 0.9, fill: 'close' }));
  // The adapters' clock moves as the simulator's market clock does: an hour per round and not in
  // between. Their offset to it, measured once, stays right, so no signed request is refused for its
  // timestamp (-1021) and sent a second time, which a wall clock would cause on a stepped market.
  let marketShift = Date.now();
  const adapterClock = { now: () => marketShift };
  const kernels: TradingKernel[] = [];
  const venues: ExchangeVenue[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const exchange = await openExchange('binance', { url: sim.url, credentials: { apiKey: LOCAL_API_KEY, secret: LOCAL_API_SECRET }, clock: adapterClock });
    exchanges.push(exchange);
    const market = (await exchange.loadMarkets()).find((m) => m.id === 'BTCUSDT')!;
    // The adapter call: when the order manager, having journaled the order, hands it to the adapter.
    const createOrder = exchange.createOrder.bind(exchange);
    const instance = i;
    exchange.createOrder = (request) => {
      const now = performance.now();
      calledAt.set(request.clientOrderId, [handedAt[instance]!, now, instance]);
      if (measuring) toCall.push(now - handedAt[instance]!);
      order++;
      return createOrder(request);
    };
    const manager = new OrderManager({ instance: `bench${i}`, exchange, journal: store.orders, clock: systemClock, markets: [market] });
    kernels.push(
      kernelOnVenue(settings, flip(), (portfolio) => {
        const venue = new ExchangeVenue({ manager, journal: store.orders, market, sizing: settings, account: portfolio, clock: systemClock });
        venues.push(venue);
        return venue;
      }),
    );
  }

  const reader = exchanges[0]!;
  // History warms the strategy and the risk engine's ATR up, as a fleet instance's start does.
  const history = await reader.fetchCandles('BTC/USDT', '1h', undefined, 50);
  const historyEnd = await reader.fetchTime();
  for (const [time, open, high, low, close, volume] of history.filter((row) => row[0] + HOUR <= historyEnd)) {
    for (const kernel of kernels) kernel.warmUp(time, open, high, low, close, volume);
  }
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    measuring = round >= WARMUP_ROUNDS;
    await fetch(`${sim.url}/admin/step?ticks=4`, { method: 'POST' }); // one 1h candle
    marketShift += HOUR;
    const rows = await reader.fetchCandles('BTC/USDT', '1h', undefined, 3);
    const now = await reader.fetchTime();
    const [time, open, high, low, close, volume] = rows.filter((row) => row[0] + HOUR <= now).at(-1)!;
    handedAt = new Float64Array(INSTANCES);
    for (let i = 0; i < INSTANCES; i++) {
      handedAt[i] = performance.now();
      kernels[i]!.onCandle(time, open, high, low, close, volume);
    }
    await Promise.all(venues.map((venue) => venue.idle()));
  }
  if (toCall.length !== ROUNDS * INSTANCES) throw new Error(`expected ${ROUNDS * INSTANCES} orders, saw ${toCall.length} adapter calls (${order} in all)`);
  if (toSent.length !== toCall.length) throw new Error(`saw ${toSent.length} requests sent for ${toCall.length} adapter calls`);

  // The machine's loopback HTTP round trip, in the same run: fetch (undici, keep-alive) to a bare server.
  const trips: number[] = [];
  for (let i = 0; i < 2_500; i++) {
    const start = performance.now();
    await (await fetch(echo.url)).text();
    if (i >= 500) trips.push(performance.now() - start);
  }

  printFigure('candle_to_order.instances', INSTANCES, 'instances');
  printFigure('candle_to_order.orders_measured', toSent.length, 'orders');
  printFigure('candle_to_order.to_adapter_call_p50', quantile(toCall, 0.5), 'ms');
  printFigure('candle_to_order.to_adapter_call_p99', quantile(toCall, 0.99), 'ms');
  printFigure('candle_to_order.to_request_sent_p50', quantile(toSent, 0.5), 'ms');
  // p90 beside p99: on a shared machine the last percent is scheduling and GC pauses, the rest our path.
  printFigure('candle_to_order.to_request_sent_p90', quantile(toSent, 0.9), 'ms');
  printFigure('candle_to_order.to_request_sent_p99', quantile(toSent, 0.99), 'ms');
  printFigure('candle_to_order.first_instance_to_request_sent_p99', quantile(firstToSent, 0.99), 'ms');
  printFigure('candle_to_order.last_instance_to_request_sent_p99', quantile(lastToSent, 0.99), 'ms');
  printFigure('candle_to_order.adapter_call_to_request_sent_p50', quantile(callToSent, 0.5), 'ms');
  printFigure('candle_to_order.adapter_call_to_request_sent_p99', quantile(callToSent, 0.99), 'ms');
  printFigure('candle_to_order.loopback_http_round_trip_p50', quantile(trips, 0.5), 'ms');
  printFigure('candle_to_order.loopback_http_round_trip_p99', quantile(trips, 0.99), 'ms');
} finally {
  await Promise.all(exchanges.map((exchange) => exchange.close()));
  store.close();
  sim.process.kill('SIGTERM');
  echo.process.kill('SIGTERM');
}
