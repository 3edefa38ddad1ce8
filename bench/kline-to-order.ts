// Benchmark: a kline event arrives over WebSocket → the strategy decides → the order goes out
// through ccxt, against the simulator in its own process. "Sent" is when the HTTP request's
// headers are written to the socket (undici's diagnostics channel, under ccxt's fetch); the full
// path to the venue's acknowledgement is reported too. p50/p99 after 200 warm-up events.
import { spawn } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { binanceClient, CcxtExchange } from '../src/exchange/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET } from '../src/simulator/index.ts';
import { builtInStrategy, resolveParams } from '../src/strategies/index.ts';
import { printFigure } from './report.ts';

const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'simulator-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const restUrl = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
const wsUrl = restUrl.replace('http', 'ws');

try {
  const exchange = new CcxtExchange('simulator', await binanceClient({ kind: 'simulator', restUrl, wsUrl }, { apiKey: LOCAL_API_KEY, secret: LOCAL_API_SECRET }));
  await exchange.loadMarkets();
  const macd = builtInStrategy('macd-cross');
  const strategy = macd.create(resolveParams(macd, {}));
  const candle = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const ctx = { candle, index: 0, position: 0, entryPrice: NaN, allowShort: false };

  const ws = new WebSocket(`${wsUrl}/ws/bench`);
  await once(ws, 'open');
  // The reply, then the forming kline the simulator sends on subscription.
  const subscribed = new Promise<void>((resolve) => {
    let seen = 0;
    const count = (): void => void (++seen === 2 && (ws.off('message', count), resolve()));
    ws.on('message', count);
  });
  ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1h'], id: 1 }));
  await subscribed;

  const sent: number[] = [];
  const acknowledged: number[] = [];
  let seq = 0;
  let eventAt = NaN;
  diagnostics.subscribe('undici:client:sendHeaders', () => {
    if (!Number.isNaN(eventAt)) sent.push(performance.now() - eventAt);
    eventAt = NaN; // only the order request right after an event
  });
  const onKline = (data: Buffer): Promise<void> => {
    const start = performance.now();
    eventAt = start;
    const k = (JSON.parse(data.toString()) as { k: { t: number; o: string; h: string; l: string; c: string; v: string } }).k;
    candle.time = k.t;
    candle.open = Number(k.o);
    candle.high = Number(k.h);
    candle.low = Number(k.l);
    candle.close = Number(k.c);
    candle.volume = Number(k.v);
    ctx.index++;
    strategy.onCandle(ctx);
    // Every event sends an order, whatever the strategy said: the path is what is measured.
    const order = exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'market', amount: '0.0001', clientOrderId: `bench-${++seq}` });
    return order.then(() => void acknowledged.push(performance.now() - start));
  };

  for (let i = 0; i < 1200; i++) {
    const event = once(ws, 'message') as Promise<[Buffer]>;
    await fetch(`${restUrl}/admin/step?ticks=1`, { method: 'POST' });
    const [data] = await event;
    await onKline(data);
  }
  ws.close();
  await exchange.close();
  const pct = (xs: number[], q: number): number => {
    const sorted = xs.slice(200).sort((a, b) => a - b); // the first 200 warm the JIT up
    return Number(sorted[Math.floor(q * (sorted.length - 1))]!.toFixed(3));
  };
  if (sent.length !== acknowledged.length) throw new Error(`saw ${sent.length} sends for ${acknowledged.length} orders`);
  printFigure('kline_to_order.event_to_request_sent_p50', pct(sent, 0.5), 'ms');
  printFigure('kline_to_order.event_to_request_sent_p99', pct(sent, 0.99), 'ms');
  printFigure('kline_to_order.to_acknowledged_p50', pct(acknowledged, 0.5), 'ms');
  printFigure('kline_to_order.to_acknowledged_p99', pct(acknowledged, 0.99), 'ms');
} finally {
  child.kill('SIGTERM');
}
