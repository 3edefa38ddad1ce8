// Paper equals backtest: the same kernel on the same simulated venue, fed the same candles one at a
// time instead of as a whole run, makes exactly the same trades (times, prices, quantities, fees),
// refusals and cash — over random candles, random intent scripts, random settings, and the
// built-in strategies, which a backtest lets precompute (`prepare`) and paper streams.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { candleRow, marketEntry } from '../fixtures/arbitraries.ts';
import { runBacktest } from '../../src/backtest/index.ts';
import type { BacktestConfig } from '../../src/backtest/index.ts';
import { candlesFromSeries } from '../../src/core/index.ts';
import type { CandleSeries, Intent } from '../../src/core/index.ts';
import { PaperSession } from '../../src/live/index.ts';
import { builtInStrategy, resolveParams } from '../../src/strategies/index.ts';
import type { Strategy } from '../../src/strategies/index.ts';
import { candles, plainConfig, scripted } from '../fixtures/backtest.ts';

const intent: fc.Arbitrary<Intent> = fc.oneof(
  marketEntry,
  { arbitrary: fc.record({ type: fc.constant('exit' as const), fraction: fc.constantFrom(0.5, 1) }), weight: 3 },
  fc.record({ type: fc.constant('exit' as const), limitPrice: fc.double({ min: 1, max: 1000, noNaN: true }) }),
  fc.record({
    type: fc.constant('enter' as const),
    side: fc.constantFrom('long' as const, 'short' as const),
    limitPrice: fc.double({ min: 1, max: 1000, noNaN: true }),
    stopLossPct: fc.constantFrom(0, 5),
  }),
);

const settings = fc.record({
  fee: fc.constantFrom(0, 0.001, 0.0075),
  slippage: fc.constantFrom(0, 0.0005),
  allowShort: fc.constantFrom(true, true, false),
  fill: fc.constantFrom('next-open' as const, 'close' as const),
  lotStep: fc.constantFrom(0, 0.001, 1),
  tickSize: fc.constantFrom(0, 0.01),
  minNotional: fc.constantFrom(0, 0, 5, 400),
  sizing: fc.constantFrom(
    { sizing: 'all-in' as const },
    { sizing: 'all-in' as const },
    { sizing: 'percent' as const, sizingValue: 30 },
    { sizing: 'quote' as const, sizingValue: 250 },
    { sizing: 'fixed' as const, sizingValue: 0.7 },
  ),
  stopLossPct: fc.constantFrom(0, 4),
  maxTradesPerDay: fc.constantFrom(undefined, 2),
  warmup: fc.integer({ min: 0, max: 5 }),
});

type Settings = typeof settings extends fc.Arbitrary<infer T> ? T : never;

function configOf(s: Settings): BacktestConfig {
  const { sizing, warmup, maxTradesPerDay, ...rest } = s;
  return plainConfig({ ...rest, ...sizing, ...(maxTradesPerDay === undefined ? {} : { maxTradesPerDay }), warmupCandles: warmup });
}

/** Feeds the candles one by one to a paper session, closing at the end as a backtest does. */
function paper(series: CandleSeries, config: BacktestConfig, strategy: Strategy, warmup: number) {
  const session = new PaperSession({ settings: config, strategy, strategyName: config.strategy, warmup });
  for (const candle of candlesFromSeries(series)) session.onClosedCandle(candle);
  session.closeAtEnd();
  return session.state;
}

/**
 * Fixed, so that the paths each property must exercise (checked after it) are exercised on every
 * run; change it to explore other cases.
 */
const SEED = 20261130;

/** Exit reasons seen over a property's runs: the property must have exercised every path it claims. */
const seen = new Map<string, number>();

function assertSameRun(series: CandleSeries, config: BacktestConfig, make: () => Strategy, warmup: number): void {
  const backtest = runBacktest(series, config, make(), { warmup: Math.min(warmup, series.length - 1) });
  const live = paper(series, config, make(), Math.min(warmup, series.length - 1));
  assert.deepEqual(live.trades, backtest.trades);
  assert.deepEqual(live.rejections, backtest.rejections);
  assert.equal(live.rejectedCount, backtest.rejectedCount);
  assert.equal(live.cash, backtest.metrics.endEquity);
  assert.equal(live.position, 0);
  for (const trade of backtest.trades) seen.set(trade.exitReason, (seen.get(trade.exitReason) ?? 0) + 1);
  if (backtest.rejectedCount > 0) seen.set('rejected', (seen.get('rejected') ?? 0) + 1);
}

function assertExercised(reasons: readonly string[]): void {
  for (const reason of reasons) assert.ok((seen.get(reason) ?? 0) > 0, `no run ended a trade by ${reason}: ${JSON.stringify([...seen])}`);
  seen.clear();
}

test('paper trades exactly as the backtest: random candles, intents and settings', () => {
  fc.assert(
    fc.property(fc.array(candleRow, { minLength: 2, maxLength: 60 }), fc.dictionary(fc.integer({ min: 0, max: 59 }).map(String), intent, { minKeys: 3, maxKeys: 30 }), settings, (rows, script, s) => {
      const series = candles(rows);
      assertSameRun(series, configOf(s), () => scripted(script as Record<number, Intent>), s.warmup);
    }),
    { numRuns: 300, seed: SEED },
  );
  assertExercised(['signal', 'stop-loss', 'take-profit', 'reverse', 'end-of-data', 'rejected']);
});

/** A random walk with jumps, so stops gap and crosses tie now and then. */
const walk = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 30 }), length: fc.integer({ min: 50, max: 400 }) }).map(({ seed, length }) => {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  let price = 100;
  const rows: (readonly [number, number, number, number])[] = [];
  for (let i = 0; i < length; i++) {
    const open = price;
    const close = Math.max(1, Math.round(open * (1 + (next() - 0.5) * (next() < 0.05 ? 0.2 : 0.03)) * 100) / 100);
    rows.push([open, Math.max(open, close) * (1 + next() * 0.01), Math.min(open, close) * (1 - next() * 0.01), close]);
    price = next() < 0.1 ? close * (1 + (next() - 0.5) * 0.05) : close;
  }
  return candles(rows);
});

const builtIn = fc.oneof(
  fc.record({ name: fc.constant('macd-cross'), fast: fc.integer({ min: 2, max: 12 }), gap: fc.integer({ min: 1, max: 20 }), signal: fc.integer({ min: 1, max: 9 }), stopLoss: fc.constantFrom(0, 3), takeProfit: fc.constantFrom(0, 6) }).map(({ name, fast, gap, ...rest }) => ({ name, params: { fast, slow: fast + gap, ...rest } })),
  fc.record({ name: fc.constant('sma-cross'), fast: fc.integer({ min: 1, max: 10 }), gap: fc.integer({ min: 1, max: 20 }) }).map(({ name, fast, gap }) => ({ name, params: { fast, slow: fast + gap } })),
  fc.record({ name: fc.constant('grid'), levels: fc.integer({ min: 2, max: 12 }), band: fc.constantFrom(2, 5, 10) }).map(({ name, ...params }) => ({ name, params })),
  fc.record({ name: fc.constant('regime-adaptive'), adxPeriod: fc.integer({ min: 2, max: 20 }), atrPeriod: fc.integer({ min: 1, max: 20 }), levels: fc.integer({ min: 2, max: 8 }) }).map(({ name, ...params }) => ({ name, params })),
);

test('paper trades exactly as the backtest: built-in strategies, precomputed in one and streamed in the other', () => {
  fc.assert(
    fc.property(walk, builtIn, settings, (series, chosen, s) => {
      const definition = builtInStrategy(chosen.name);
      const params = resolveParams(definition, chosen.params);
      const config = { ...configOf(s), strategy: chosen.name, params };
      assertSameRun(series, config, () => definition.create(params), s.warmup * 10);
    }),
    { numRuns: 150, seed: SEED },
  );
  assertExercised(['signal', 'stop-loss', 'end-of-data']);
});

test('a candle out of order is refused, naming both times', () => {
  const series = candles([
    [100, 101, 99, 100],
    [100, 101, 99, 100],
  ]);
  const session = new PaperSession({ settings: plainConfig(), strategy: scripted({}), strategyName: 'scripted' });
  const [first, second] = candlesFromSeries(series);
  session.onClosedCandle(second!);
  assert.throws(() => session.onClosedCandle(first!), /2025-01-01T00:00:00.000Z after the one of 2025-01-01T01:00:00.000Z: candles must come once and in order/);
});

test('a strategy that throws ends the session with one line naming it and the candle', () => {
  const session = new PaperSession({
    settings: plainConfig(),
    strategy: {
      onCandle() {
        throw new Error('boom');
      },
    },
    strategyName: 'scripted',
  });
  const [first] = candlesFromSeries(candles([[100, 101, 99, 100]]));
  assert.throws(() => session.onClosedCandle(first!), /strategy 'scripted' threw at candle 2025-01-01T00:00:00.000Z: Error: boom/);
});
