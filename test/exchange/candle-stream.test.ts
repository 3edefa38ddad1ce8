// Closed candles over ccxt.pro from the simulator's WebSocket, through dropped connections and a
// stale feed: every candle arrives once, in order, equal to the replayed data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Candle } from '../../src/core/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { binanceClient, CandleStream } from '../../src/exchange/index.ts';
import type { BinanceClient } from '../../src/exchange/index.ts';
import { Simulator } from '../../src/simulator/index.ts';

const START = 500;
const bundled = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;
let sim: Simulator;

before(async () => {
  sim = await Simulator.start({ symbols: ['BTCUSDT'], startIndex: START, limits: { weightPerMinute: 1_000_000 } });
});

after(async () => {
  await sim.close();
});

async function until(condition: () => boolean, step: () => void, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) {
    step();
    await new Promise((r) => setTimeout(r, 15));
  }
  assert.ok(condition(), `timed out waiting for ${what}`);
}

test('closed candles arrive once and in order through disconnects and a stale feed, with the gaps backfilled', async () => {
  const connect = (): Promise<BinanceClient> => binanceClient({ kind: 'simulator', restUrl: sim.restUrl, wsUrl: sim.wsUrl });
  const got: Candle[] = [];
  const stream = new CandleStream({ connect, symbol: 'BTC/USDT', timeframe: '1h', staleMs: 400, backoffMs: 20, onCandle: (c) => got.push(c) });
  const running = stream.run(bundled.time[START - 3]!);
  try {
    // History first (REST), then live candles (WebSocket) as the market moves.
    await until(() => got.length >= 6, () => sim.step(1), 'live candles');
    // The connection drops while the market moves on: the missed candles come back over REST.
    sim.dropWebSockets();
    sim.step(12);
    await until(() => got.length >= 12, () => sim.step(1), 'candles after a disconnect');
    // The feed goes silent without closing: detected as stale, reconnected, backfilled.
    sim.faults.update({ staleStreams: true });
    sim.step(8);
    await new Promise((r) => setTimeout(r, 500));
    sim.faults.update({ staleStreams: false });
    const before = got.length;
    await until(() => got.length >= before + 4, () => sim.step(1), 'candles after a stale feed');
  } finally {
    stream.stop();
    await running;
  }
  assert.ok(stream.reconnectCount >= 2, `reconnected ${stream.reconnectCount} times`);
  const first = START - 3;
  got.forEach((candle, i) => {
    assert.equal(candle.time, bundled.time[first + i], `candle ${i} in order, none missing or repeated`);
    assert.deepEqual([candle.open, candle.high, candle.low, candle.close], [bundled.open[first + i], bundled.high[first + i], bundled.low[first + i], bundled.close[first + i]]);
  });
});
