// Testnet slippage against the backtest's fill model: a testnet fleet on the simulator with a thin
// book (a tenth of a candle's volume per level, two makers per level, so a market order walks
// levels in partial fills) buys at the market and is stopped out in a fall. `rampart trades`
// reports each trade's slippage against what the simulated venue would have given the same orders
// (the next open for the market entry, the stop's level for the stop-loss exit), and `rampart
// slippage` sums it up.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Trade } from '../../src/core/index.ts';
import type { SlippageSummary, TradeSlippage } from '../../src/live/index.ts';
import { rampart, ROOT } from '../fixtures/cli.ts';
import { flatThenFalling, steppedFleet } from '../fixtures/stepped-fleet.ts';

type TradeRow = Trade & { instance: string; mode: string; slippage: TradeSlippage | null };

test('rampart trades and rampart slippage report a testnet trade’s slippage against the fill model, in quote and bps', { timeout: 120_000 }, async (t) => {
  // Volume 4 a candle: 1 BTC a tick, 0.1 BTC a level; the entry of 80 USDT (0.8 BTC) walks eight levels.
  const fleet = await steppedFleet(t, flatThenFalling(160, 110, 4), 100, { strategy: path.join(ROOT, 'test/fixtures/strategies/enter-with-stop.ts'), params: { above: 99, stop: 3 }, sizing: 'quote', sizingValue: 80, warmupCandles: 30 }, { makersPerLevel: 2 });
  fleet.spawn();
  await fleet.until('start', 1);
  for (let i = 0; fleet.entries('trade').length === 0; i++) {
    assert.ok(i < 20, 'no trade closed');
    await fleet.candle();
  }
  const fills = fleet.entries('fill').map((entry) => entry.data as { role: string; price: number; qty: number });
  const entryFills = fills.filter((fill) => fill.role === 'entry');
  assert.ok(entryFills.length > 2, `the entry filled in parts at several levels (${entryFills.length} fills)`);
  // Each entry fill places the pair again from the new average entry: the last stop is the one in force.
  const stop = fleet.entries('order').map((entry) => entry.data as { event: string; role: string; price: number }).filter((o) => o.event === 'submitted' && o.role === 'stop-loss').at(-1)!.price;
  fleet.child.kill('SIGKILL');

  const run = rampart(['--db', fleet.db, 'trades', '--instance', 'bot', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const trades = JSON.parse(run.stdout) as TradeRow[];
  assert.ok(trades.length >= entryFills.length, 'a trade per entry lot');
  let total = 0;
  for (const trade of trades) {
    assert.equal(trade.exitReason, 'stop-loss');
    const s = trade.slippage!;
    assert.ok(s !== null, 'every trade has its slippage');
    // The simulated venue fills a market order decided at a close at the next open (100 here) and
    // the stop at its level (the falling candle opened above it).
    assert.equal(s.entryModel, 100);
    assert.equal(s.exitModel, stop);
    const perUnit = trade.entryPrice - 100 + (stop - trade.exitPrice);
    assert.ok(Math.abs(s.quote - perUnit * trade.qty) < 1e-9, 'quote: the price differences over the quantity');
    assert.ok(Math.abs(s.bps - ((trade.entryPrice - 100) / 100 + (stop - trade.exitPrice) / stop) * 10_000) < 1e-6, 'bps: entry and exit, each over its model price');
    assert.ok(trade.entryPrice > 100 && s.bps > 0, 'the book’s ask above the replayed price and a stop that fires after its candle closed cost us');
    total += s.quote;
  }
  const text = rampart(['--db', fleet.db, 'trades', '--instance', 'bot']);
  t.diagnostic(text.stdout.trim().split('\n').at(-1)!);
  assert.match(text.stdout, /stop-loss {2}slippage \d+\.\d bps \(\d+\.\d{4}\)/);
  assert.match(text.stdout, new RegExp(`slippage bot: ${trades.length} trades? against the fill model, mean \\d+\\.\\d bps, p95 \\d+\\.\\d bps, total cost ${total.toFixed(2)} quote`));

  const summary = JSON.parse(rampart(['--db', fleet.db, 'slippage', '--json']).stdout) as (SlippageSummary & { instance: string })[];
  const bps = trades.map((trade) => trade.slippage!.bps).sort((a, b) => a - b);
  assert.equal(summary.length, 1);
  assert.equal(summary[0]!.instance, 'bot');
  assert.equal(summary[0]!.trades, trades.length);
  assert.ok(Math.abs(summary[0]!.totalQuote - total) < 1e-9);
  assert.ok(Math.abs(summary[0]!.meanBps - bps.reduce((a, b) => a + b, 0) / bps.length) < 1e-9);
  assert.equal(summary[0]!.p95Bps, bps[Math.ceil(bps.length * 0.95) - 1]);
});
