// Benchmark: the simulator's order throughput (signed POST /api/v3/order over keep-alive HTTP,
// 32 concurrent clients, the simulator alone in its own process), and the round trip of an order
// placed through ccxt, placed → acknowledged, p50/p99.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { binanceClient } from '../src/exchange/index.ts';
import { LOCAL_API_KEY, LOCAL_API_SECRET, sign } from '../src/simulator/index.ts';
import { printFigure } from './report.ts';

const child = spawn(process.execPath, [...(process.env['SIM_PROF'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/simprof'] : []), '--import', 'tsx', path.join(import.meta.dirname, 'simulator-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const restUrl = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));

try {
  // Throughput: market buys of 0.0001 BTC, each one a full signed order request.
  // node:http with a keep-alive agent: lighter than fetch, so the client does not become the bottleneck.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const url = new URL(`${restUrl}/api/v3/order`);
  const order = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const query = `symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0001&newOrderRespType=ACK&timestamp=${Date.now()}`;
      const body = `${query}&signature=${sign(LOCAL_API_SECRET, query)}`;
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'X-MBX-APIKEY': LOCAL_API_KEY, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`order refused: ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < 500; i++) await order(); // warm-up
  const seconds = 3;
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (performance.now() < until) {
        await order();
        done++;
      }
    }),
  );
  printFigure('simulator.order_requests_per_s', Math.round(done / seconds), 'orders/s');
  agent.destroy();

  const client = await binanceClient({ kind: 'simulator', restUrl, wsUrl: restUrl.replace('http', 'ws') }, { apiKey: LOCAL_API_KEY, secret: LOCAL_API_SECRET });
  await client.loadMarkets();
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const start = performance.now();
    await client.createOrder('BTC/USDT', 'market', 'buy', 0.0001);
    times.push(performance.now() - start);
  }
  await client.close();
  times.sort((a, b) => a - b);
  const at = (q: number): number => Number(times[Math.floor(q * (times.length - 1))]!.toFixed(3));
  printFigure('simulator.ccxt_order_round_trip_p50', at(0.5), 'ms');
  printFigure('simulator.ccxt_order_round_trip_p99', at(0.99), 'ms');
} finally {
  child.kill('SIGTERM');
}
