// Real money, end to end without the internet: a canary fleet on venue `binance` whose endpoints
// the fleet file points at the project's simulator (which speaks Binance's spot REST and WebSocket
// API and accepts only the key pair it was started with). Refused without the acknowledgement,
// without a key, with a wrong passphrase, and when the account cannot fund the capital, before any
// order; with all of them it trades, every order signed with the key from the key store, the caps
// refuse what exceeds them, the log says the caps and the overridden endpoints; a restart recovers
// (adopting and cancelling an order the journal lacks, holdings reconciled) and a kill cancels the
// instance's resting order at the exchange. With `wsApi` the user data stream goes to that address
// (a proxy in front of the WS API), the market streams staying on `ws`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { stringify } from 'yaml';
import { KeyStore, readFleetFile } from '../../src/config/index.ts';
import type { FleetConfigInput } from '../../src/config/index.ts';
import { ConfigError, systemClock } from '../../src/core/index.ts';
import { openExchange } from '../../src/exchange/index.ts';
import type { Exchange } from '../../src/exchange/index.ts';
import { createLog, Fleet, openKeyStore, statusFromJournal } from '../../src/live/index.ts';
import type { RecoveryReport } from '../../src/live/recovery.ts';
import { Simulator } from '../../src/simulator/index.ts';
import type { ReceivedRequest } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import type { JournalKind, Store } from '../../src/store/index.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';

const PASSPHRASE = 'canary proof passphrase';
const KEY = { apiKey: 'canary-proof-key', secret: 'canary-proof-secret-0123456789' };
const CANDLES = 48;
const SPEED = 36_000;
const STRATEGY = { symbol: 'BTCUSDT', timeframe: '1h', strategy: 'sma-cross', params: { fast: 1, slow: 2 }, warmupCandles: 30 } as const;
/** Within the canary's 2% of 500: the instance that trades. */
const CAN = { ...STRATEGY, name: 'can', mode: 'canary', venue: 'binance', key: 'main', cash: 500, sizing: 'quote', sizingValue: 9 } as const;
/** 20% of its 300: every entry above the 2% position cap. */
const BIG = { ...STRATEGY, name: 'big', mode: 'canary', venue: 'binance', key: 'main', cash: 300, sizing: 'quote', sizingValue: 60 } as const;

interface JournalRow {
  readonly kind: string;
  readonly candleTime: number | null;
  readonly data: Record<string, unknown>;
}

const dir = tempDir('rampart-real-money-');
const keys = path.join(dir, 'keys.json');
const requests: ReceivedRequest[] = [];
let sim: Simulator;
let store: Store;

before(async () => {
  KeyStore.open(keys, PASSPHRASE).add({ name: 'main', exchange: 'binance', ...KEY });
  sim = await Simulator.start({ symbols: ['BTCUSDT'], timeframe: '1h', speed: 0, apiKey: KEY.apiKey, apiSecret: KEY.secret, balances: { USDT: 1_000 }, onRequest: (request) => requests.push(request), limits: { weightPerMinute: 1_000_000, ordersPer10s: 1_000_000 } });
  sim.step(1);
  store = openStore(path.join(dir, 'fleet.db'));
});

after(async () => {
  store.close();
  await sim.close();
});

function fleetFile(body: Partial<FleetConfigInput> & Pick<FleetConfigInput, 'instances'>): { file: string; config: ReturnType<typeof readFleetFile> } {
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ keys, endpoints: { binance: { rest: sim.restUrl, ws: sim.wsUrl } }, ...body }));
  return { file, config: readFleetFile(file) };
}

/** A WebSocket proxy on loopback in front of the simulator: each connection forwarded to the same path there; the paths and request methods it carried. */
async function wsProxy(): Promise<{ url: string; paths: string[]; methods: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const methods: string[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (client, request) => {
    paths.push(request.url ?? '');
    const upstream = new WebSocket(`${sim.wsUrl}${request.url ?? ''}`);
    const early: string[] = [];
    client.on('message', (data) => {
      const text = data.toString();
      methods.push(String((JSON.parse(text) as { method?: unknown }).method));
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else early.push(text);
    });
    upstream.on('open', () => early.splice(0).forEach((text) => upstream.send(text)));
    upstream.on('message', (data) => client.send(data.toString()));
    upstream.on('close', () => client.close());
    upstream.on('error', () => client.terminate());
    client.on('close', () => upstream.terminate());
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws-api/v3`,
    paths,
    methods,
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function start(body: Parameters<typeof fleetFile>[0], access: { acknowledged?: boolean; passphrase?: string } = {}, log?: ReturnType<typeof createLog>): Promise<Fleet> {
  const { file, config } = fleetFile(body);
  return Fleet.start({
    config,
    file,
    store,
    clock: systemClock,
    exitAfterCandles: CANDLES,
    access: { acknowledged: access.acknowledged ?? false, openKeys: openKeyStore(access.passphrase ?? PASSPHRASE) },
    stopFile: path.join(dir, 'EMERGENCY_STOP'),
    killPollMs: 20,
    ...(log === undefined ? {} : { log }),
  });
}

function journal(instance: string, kinds?: JournalKind[]): JournalRow[] {
  return store.journal.list({ instances: [instance], ...(kinds === undefined ? {} : { kinds }) }) as unknown as JournalRow[];
}

/** Binance's signature of a request: HMAC-SHA256 of the query then the body, the signature left out. */
function expectedSignature(request: ReceivedRequest): string {
  const unsigned = (raw: string): string => raw.split('&').filter((part) => part !== '' && !part.startsWith('signature=')).join('&');
  return createHmac('sha256', KEY.secret).update(unsigned(request.query) + unsigned(request.body)).digest('hex');
}

function signatureOf(request: ReceivedRequest): string | null {
  return new URLSearchParams(`${request.query}&${request.body}`).get('signature');
}

describe('a canary fleet on venue binance, pointed at the simulator', { timeout: 120_000 }, () => {
  // First, while the account holds nothing: `rampart run` starts the canary and stops on Ctrl-C.
  test('rampart run prints the overridden endpoints and the caps on the terminal, one line each', async () => {
    const { file } = fleetFile({ acknowledgeLive: true, instances: [CAN, BIG] });
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', path.join(dir, 'cli.db'), 'run', '--config', file, '--i-understand-live-trading', '--log-dir', path.join(dir, 'cli-logs')], { cwd: dir, env: { ...process.env, RAMPART_PASSPHRASE: PASSPHRASE }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      for (let i = 0; i < 600 && !stdout.includes('Ctrl-C stops') && child.exitCode === null; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.match(stdout, /Ctrl-C stops/, stderr);
    } finally {
      child.kill('SIGINT');
      await exited;
    }
    const lines = stderr.split('\n');
    const endpoints = lines.filter((line) => line.startsWith('rampart: ENDPOINTS OVERRIDDEN: venue binance is reached at '));
    assert.equal(endpoints.length, 1, stderr);
    assert.ok(endpoints[0]!.includes(sim.restUrl), endpoints[0]);
    const caps = lines.filter((line) => line.includes('real money under these caps'));
    assert.deepEqual(caps.length, 2, stderr);
    // A sizing the position cap refuses whole is said at start: only for big (can's 9 USDT is 1.8% of 500).
    const oversized = lines.filter((line) => line.includes('above its position cap'));
    assert.deepEqual(oversized, ["rampart: instance 'big' (canary): sizing quote 60 is 20% of its starting cash 300, above its position cap of 2% of equity: every full-size entry will be refused with POSITION_LIMIT (lower the sizing, e.g. sizing: percent with sizingValue ≤ 2)"], stderr);
    assert.match(caps[0]!, /^rampart: instance 'can' \(canary\): real money under these caps: capital 500 USDT, max position 2%/);
    requests.length = 0; // the next test counts what its refused starts send: none
  });

  test('is refused without the acknowledgement, without a key, with a wrong passphrase: one line each, nothing sent', async () => {
    const refusals: [Parameters<typeof fleetFile>[0], Parameters<typeof start>[1], RegExp][] = [
      [{ instances: [CAN] }, {}, /instance 'can' \(mode canary\) trades real money: refused without --i-understand-live-trading/],
      [{ acknowledgeLive: true, instances: [{ ...CAN, key: undefined }] }, {}, /field 'instances\.0\.key': instance 'can' \(mode canary\) trades real money: refused without a key from the key store/],
      [{ instances: [CAN] }, { acknowledged: true, passphrase: 'not the passphrase' }, /wrong passphrase for the key store/],
    ];
    for (const [body, access, message] of refusals) {
      await assert.rejects(start(body, access), (error: unknown) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'));
    }
    assert.deepEqual(requests, [], 'nothing reached the exchange');
  });

  test('is refused, naming the cash field, when the account cannot fund the capital of its instances', async () => {
    await assert.rejects(
      start({ acknowledgeLive: true, instances: [{ ...CAN, cash: 800 }, BIG] }),
      (error: unknown) => error instanceof ConfigError && /field 'instances\.1\.cash': instance 'big' trades real money with 300 USDT, but the account has 1000 USDT free \(800 of it already taken/.test(error.message),
    );
    assert.equal(requests.filter((request) => request.path === '/api/v3/order').length, 0, 'no order was sent');
  });

  test('with both it trades, signed by the key; the caps refuse what exceeds them; the log says the caps and the endpoints', async () => {
    const logFile = path.join(dir, 'logs', 'fleet.log');
    const log = createLog({ file: logFile, terminal: false });
    const fleet = await start({ instances: [CAN, BIG] }, { acknowledged: true }, log);
    sim.run(SPEED);
    const failures = await fleet.finished();
    sim.stop();
    await fleet.stop();
    log.close();
    assert.deepEqual(failures, []);

    const orders = requests.filter((request) => request.method === 'POST' && request.path === '/api/v3/order');
    assert.ok(orders.length >= 2, `the canary traded (${orders.length} orders sent)`);
    for (const request of orders) assert.equal(signatureOf(request), expectedSignature(request), 'signed with the key store’s secret');
    const atExchange = (sim.engine.snapshot()['orders'] as { clientOrderId: string }[]).map((order) => order.clientOrderId);
    assert.ok(atExchange.length > 0 && atExchange.every((id) => id.startsWith('can-')), `only the canary within its caps reached the exchange: ${atExchange.join(', ')}`);

    const can = journal('can');
    assert.ok(can.filter((entry) => entry.kind === 'fill').length >= 2, 'its orders filled');
    const entriesByDay = new Map<number, number>();
    for (const entry of can) {
      if (entry.kind !== 'order' || entry.data['event'] !== 'submitted' || entry.data['role'] !== 'entry') continue;
      const day = Math.floor(entry.candleTime! / 86_400_000);
      entriesByDay.set(day, (entriesByDay.get(day) ?? 0) + 1);
    }
    assert.ok([...entriesByDay.values()].every((count) => count <= 3), `at most 3 entries a UTC day: ${[...entriesByDay.values()].join(', ')}`);
    const codes = (instance: string): string[] => journal(instance, ['refusal']).map((entry) => String(entry.data['code']));
    assert.ok(codes('can').includes('TRADES_PER_DAY'), `the 4th entry of a day was refused: ${codes('can').join(', ')}`);
    const big = codes('big');
    assert.ok(big.length > 0 && big.every((code) => code === 'POSITION_LIMIT'), `every entry of 20% was refused by the 2% cap: ${big.join(', ')}`);
    // The status counts them with the last code, in this process and as another reads the journal.
    const bigStatus = fleet.status().find((row) => row.instance === 'big')!;
    assert.deepEqual([bigStatus.refusals, bigStatus.lastRefusal, bigStatus.feed], [big.length, 'POSITION_LIMIT', 'stopped']);
    const journaled = statusFromJournal(store).find((row) => row.instance === 'big')!;
    assert.deepEqual([journaled.refusals, journaled.lastRefusal, journaled.feed], [big.length, 'POSITION_LIMIT', 'stopped']);
    assert.equal(journal('big', ['fill']).length, 0);

    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const warning = lines.find((line) => String(line['msg']).startsWith('ENDPOINTS OVERRIDDEN'));
    assert.equal(warning?.['level'], 'warn');
    assert.ok(String(warning?.['msg']).includes(`venue binance is reached at ${sim.restUrl}, ${sim.wsUrl} and ${sim.wsUrl}/ws-api/v3,`), String(warning?.['msg']));
    const oversized = lines.filter((line) => String(line['msg']).includes('above its position cap'));
    assert.deepEqual(oversized.map((line) => [line['instance'], line['level'], line['maxPositionPct']]), [['big', 'warn', 2]]);
    const caps = lines.filter((line) => String(line['msg']).startsWith('real money under these caps'));
    assert.deepEqual(caps.map((line) => [line['instance'], line['mode']]), [['can', 'canary'], ['big', 'canary']]);
    assert.deepEqual(caps[0]!['caps'], { capital: 500, maxPositionPct: 2, maxOrderPct: 25, maxDailyLoss: 50, maxDailyLossPct: 5, maxTradesPerDay: 3, maxDrawdownPct: 10, maxPriceDeviationPct: 10, maxAtrPct: 10, checkFilters: true });
    assert.match(String(caps[0]!['msg']), /capital 500 USDT, max position 2%, max order 25%, daily loss 50 USDT \/ 5%, 3 entries a day/);
    assert.ok(!readFileSync(logFile, 'utf8').includes(KEY.secret), 'the secret is never logged');
  });

  test('a restart recovers (adopts and cancels the order the journal lacks, holdings reconcile); a kill cancels its resting order', async () => {
    const exchange: Exchange = await openExchange('binance', { url: sim.restUrl, credentials: KEY });
    try {
      const price = (await exchange.fetchCandles('BTC/USDT', '1h', undefined, 1)).at(-1)![4];
      const low = (Math.floor(price / 2 / 0.01) * 0.01).toFixed(2);
      // Sent by the instance just before a crash, its journal row lost.
      await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.0002', price: low, timeInForce: 'GTC', clientOrderId: 'can-90000' });
      const fleet = await start({ instances: [CAN] }, { acknowledged: true });
      try {
        const [report] = journal('can', ['recovery']).slice(-1).map((entry) => entry.data as unknown as RecoveryReport);
        assert.equal(report!.state, 'active', report!.reason);
        assert.deepEqual(report!.adoptedFromExchange, ['can-90000']);
        assert.deepEqual(report!.canceled, ['can-90000']);
        assert.ok(report!.fills >= 2, 'the portfolio was rebuilt from the first run’s fills');
        assert.ok(Math.abs(report!.holdings.atExchange - report!.holdings.baseline - report!.holdings.onRecord) < 1e-9, 'holdings on record equal the exchange’s');

        await exchange.createOrder({ symbol: 'BTC/USDT', side: 'buy', kind: 'limit', amount: '0.0002', price: low, timeInForce: 'GTC', clientOrderId: 'can-80000' });
        const { event } = store.kills.trigger({ scope: 'can', action: 'kill', source: 'cli', reason: 'test kill', time: systemClock.now() });
        let outcome: string | null = null;
        for (let i = 0; i < 250 && outcome === null; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          outcome = store.kills.event(event.id)!.outcome;
        }
        assert.match(outcome ?? '', /cancelled 1 open order.*can-80000/);
        assert.deepEqual(await exchange.fetchOpenOrders('BTC/USDT'), []);
        assert.equal(fleet.status()[0]!.riskState, 'halted');
      } finally {
        await fleet.stop();
      }
    } finally {
      await exchange.close();
    }
  });

  test('with wsApi in its endpoints, the user data stream is subscribed through that address, the market streams staying on ws', async () => {
    const proxy = await wsProxy();
    try {
      const fleet = await start({ endpoints: { binance: { rest: sim.restUrl, ws: sim.wsUrl, wsApi: proxy.url } }, instances: [CAN] }, { acknowledged: true });
      try {
        const [subscribed] = journal('can', ['user-stream']).slice(-1);
        assert.deepEqual(subscribed?.data, { type: 'subscribed', afterDrop: false }, 'subscribed at start');
        assert.deepEqual(proxy.paths, ['/ws-api/v3'], 'one connection through the proxy: the WS API');
        assert.deepEqual(proxy.methods, ['userDataStream.subscribe.signature']);
      } finally {
        await fleet.stop();
      }
    } finally {
      await proxy.close();
    }
  });
});
