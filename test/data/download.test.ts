// Downloading candles from the simulator through ccxt: pages, resume, the forming candle left out
// (decided on the venue's clock), and the CLI around it with its one-line errors. The simulator's
// server time follows its replayed market here, as a real venue's clock follows its own market.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { downloadCandles } from '../../src/data/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { openStore } from '../../src/store/index.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import type { Exchange } from '../../src/exchange/index.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';
import { CLIENTS, simulatedVenue } from '../exchange/fixtures.ts';

let sim: Simulator;
let exchange: Exchange;
const bundled = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;

/** A simulator whose server time is its market time (the replay position). */
async function marketClockVenue(startIndex: number): Promise<{ sim: Simulator; exchange: Exchange }> {
  let venue: Simulator | undefined;
  const clock = { now: () => venue!.feeds.get('BTCUSDT')!.time };
  const started = await simulatedVenue({ symbols: ['BTCUSDT'], startIndex, limits: { weightPerMinute: 1_000_000 }, clock });
  venue = started.sim;
  return started;
}

before(async () => {
  ({ sim, exchange } = await marketClockVenue(500));
});

after(async () => {
  await exchange.close();
  await sim.close();
});

function cli(args: string[], db: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  // Asynchronous: the simulator answering the child runs in this process's event loop.
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), ...args, '--db', db], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('data download', () => {
  test("both exchange clients report the venue's server time, not ours", async () => {
    for (const client of CLIENTS) {
      const venue = await simulatedVenue({ symbols: ['BTCUSDT'] }, undefined, 2_000, client);
      try {
        // The simulator's server time is its market clock: the replay position, in 2024, not our clock.
        const venueTime = venue.sim.feeds.get('BTCUSDT')!.time;
        assert.ok(venueTime < Date.UTC(2025, 0, 1));
        assert.equal(await venue.exchange.fetchTime(), venueTime, client);
      } finally {
        await venue.exchange.close();
        await venue.sim.close();
      }
    }
  });

  test('pages through the history, stores the real candles, and leaves out the one still forming', async () => {
    sim.step(2); // the candle after the replay position is now half formed, and /klines shows it
    const store = openStore(path.join(tempDir(), 'dl.db'));
    try {
      const pages: number[] = [];
      const result = await downloadCandles({ exchange, store, venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', since: bundled.time[0]!, pageSize: 100, onPage: (n) => pages.push(n) });
      assert.equal(result.stored, 500);
      assert.equal(pages.length, 5, '100 per page');
      const got = store.candles.load('binance', 'BTCUSDT', '1h');
      assert.equal(got.length, 500);
      assert.deepEqual([...got.close], [...bundled.close.slice(0, 500)]);
      assert.equal(got.time[499], bundled.time[499], 'the forming candle 500 is not stored');
    } finally {
      store.close();
    }
  });

  test('a full page that ends in the forming candle does not store it; the next run stores its final prices', async () => {
    const venue = await marketClockVenue(500);
    const store = openStore(path.join(tempDir(), 'forming.db'));
    try {
      venue.sim.step(1); // candle 500 has one tick: open = high = low = close, a quarter of its volume
      // Candles 400..500 are 101 rows: a page of 101 ends exactly in the forming candle.
      const result = await downloadCandles({ exchange: venue.exchange, store, venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', since: bundled.time[400]!, pageSize: 101 });
      assert.equal(result.stored, 100);
      assert.equal(store.candles.load('binance', 'BTCUSDT', '1h').time.at(-1), bundled.time[499], 'candle 500 has not closed on the venue clock');
      venue.sim.step(3); // candle 500 closes
      const again = await downloadCandles({ exchange: venue.exchange, store, venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', since: bundled.time[400]! });
      assert.equal(again.stored, 1);
      const got = store.candles.load('binance', 'BTCUSDT', '1h');
      assert.equal(got.length, 101);
      assert.deepEqual([got.open[100], got.high[100], got.low[100], got.close[100], got.volume[100]], [bundled.open[500], bundled.high[500], bundled.low[500], bundled.close[500], bundled.volume[500]]);
    } finally {
      store.close();
      await venue.exchange.close();
      await venue.sim.close();
    }
  });

  test('a candle stored before it had closed (by an older version) is corrected by the next run', async () => {
    const venue = await marketClockVenue(500);
    const store = openStore(path.join(tempDir(), 'repair.db'));
    try {
      const t = bundled.time[499]!;
      store.candles.insert('binance', 'BTCUSDT', '1h', [{ time: t, open: bundled.open[499]!, high: bundled.open[499]!, low: bundled.open[499]!, close: bundled.open[499]!, volume: bundled.volume[499]! / 4 }]);
      const result = await downloadCandles({ exchange: venue.exchange, store, venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', since: bundled.time[400]! });
      assert.equal(result.corrected, 1);
      assert.equal(result.stored, 0, 'no candle after it has closed yet');
      const got = store.candles.load('binance', 'BTCUSDT', '1h');
      assert.deepEqual([got.high[0], got.low[0], got.close[0], got.volume[0]], [bundled.high[499], bundled.low[499], bundled.close[499], bundled.volume[499]]);
    } finally {
      store.close();
      await venue.exchange.close();
      await venue.sim.close();
    }
  });

  test('the CLI resumes after the stored candles and reports what it did', async () => {
    const db = path.join(tempDir(), 'cli.db');
    const since = new Date(bundled.time[400]!).toISOString();
    const first = await cli(['data', 'download', '--url', sim.restUrl, '--symbol', 'BTC/USDT', '--timeframe', '1h', '--since', since], db);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /downloaded 100 candles for BTC\/USDT 1h/);
    sim.step(8); // two more candles close
    const second = await cli(['data', 'download', '--url', sim.restUrl, '--symbol', 'BTC/USDT', '--timeframe', '1h', '--since', since], db);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /downloaded 2 candles .* \(resumed after the stored candles/);
    const store = openStore(db);
    assert.equal(store.candles.load('binance', 'BTCUSDT', '1h').length, 102);
    store.close();
  });

  test('an unknown symbol and an unreachable exchange are one-line errors', async () => {
    const db = path.join(tempDir(), 'bad.db');
    const unknown = await cli(['data', 'download', '--url', sim.restUrl, '--symbol', 'NOPE/USDT', '--timeframe', '1h', '--since', '2025-01-01'], db);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^rampart: field 'symbol': binance has no market NOPE\/USDT\n$/);
    const down = await cli(['data', 'download', '--url', 'http://127.0.0.1:9', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--since', '2025-01-01'], db);
    assert.equal(down.status, 1);
    assert.equal(down.stderr.trim().split('\n').length, 1);
    assert.match(down.stderr, /^rampart: binance: /);
  });

  test('an exchange we do not know, or a test network a venue does not have, is refused before any request', async () => {
    const db = path.join(tempDir(), 'venue.db');
    const unknown = await cli(['data', 'download', '--exchange', 'mtgox', '--symbol', 'BTC/USD', '--timeframe', '1h', '--since', '2025-01-01'], db);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, "rampart: --exchange: unknown exchange 'mtgox' (known: binance, coinbase, kraken)\n");
    const testnet = await cli(['data', 'download', '--exchange', 'kraken', '--testnet', '--symbol', 'BTC/USD', '--timeframe', '1h', '--since', '2025-01-01'], db);
    assert.equal(testnet.status, 2);
    assert.match(testnet.stderr, /^rampart: --testnet: kraken has no spot test network/);
  });
});
