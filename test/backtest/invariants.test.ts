// Property tests: invariants of the engine over random candles and random intent scripts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { candleRow, marketEntry } from '../fixtures/arbitraries.ts';
import { backtestMetrics, runBacktest, type RunOptions } from '../../src/backtest/index.ts';
import { computeMetrics } from '../../src/engine/index.ts';
import { timeframeMs } from '../../src/core/index.ts';
import type { Intent } from '../../src/core/index.ts';
import { candles, HOUR, plainConfig, scripted, T0 } from '../fixtures/backtest.ts';

const intent: fc.Arbitrary<Intent> = fc.oneof(
  marketEntry,
  fc.record({ type: fc.constant('exit' as const), fraction: fc.constantFrom(0.5, 1) }),
  fc.record({
    type: fc.constant('enter' as const),
    side: fc.constant('long' as const),
    limitPrice: fc.double({ min: 1, max: 1000, noNaN: true }),
  }),
);

const scenario = fc.record({
  rows: fc.array(candleRow, { minLength: 2, maxLength: 60 }),
  script: fc.dictionary(fc.integer({ min: 0, max: 59 }).map(String), intent),
  fee: fc.constantFrom(0, 0.001, 0.0075),
  allowShort: fc.boolean(),
  fill: fc.constantFrom('next-open' as const, 'close' as const),
  lotStep: fc.constantFrom(0, 0.001, 1),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function run(s: Scenario, options: RunOptions = {}) {
  const config = plainConfig({ fee: s.fee, allowShort: s.allowShort, fill: s.fill, lotStep: s.lotStep });
  return runBacktest(candles(s.rows), config, scripted(s.script as Record<number, Intent>), options);
}

test('equity equals cash plus position value at every candle', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const data = candles(s.rows);
      run(s, {
        observe: (i, cash, position, equity) => {
          assert.ok(Math.abs(equity - (cash + position * data.close[i]!)) <= 1e-9 * Math.max(1, Math.abs(equity)));
        },
      });
    }),
    { numRuns: 300 },
  );
});

test('no fill happens outside its candle range', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const data = candles(s.rows);
      const result = run(s);
      const within = (time: number, price: number): boolean => {
        const i = (time - T0) / HOUR;
        return price >= data.low[i]! - 1e-9 && price <= data.high[i]! + 1e-9;
      };
      for (const trade of result.trades) {
        assert.ok(within(trade.entryTime, trade.entryPrice), `entry ${trade.entryPrice} outside candle`);
        assert.ok(within(trade.exitTime, trade.exitPrice), `exit ${trade.exitPrice} outside candle`);
      }
    }),
    { numRuns: 300 },
  );
});

test('fees are never negative and trades add up to the equity change', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const result = run(s);
      let pnl = 0;
      for (const trade of result.trades) {
        assert.ok(trade.fee >= 0);
        pnl += trade.pnl;
      }
      assert.ok(result.metrics.feesPaid >= 0);
      const change = result.metrics.endEquity - result.metrics.startEquity;
      assert.ok(Math.abs(pnl - change) <= 1e-6 * Math.max(1, Math.abs(change)), `trades ${pnl} vs equity ${change}`);
    }),
    { numRuns: 300 },
  );
});

test('spot runs never hold a short and never spend more than the cash', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      run(
        { ...s, allowShort: false },
        {
          observe: (_i, cash, position) => {
            assert.ok(position >= 0, `short position ${position} on spot`);
            assert.ok(cash >= -1e-9, `negative cash ${cash}`);
          },
        },
      );
    }),
    { numRuns: 300 },
  );
});

test('the curve and the metrics measure drawdown from the same peaks, the starting cash the first', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const result = run(s);
      const { equity, drawdownPct } = result.equity;
      assert.ok(Math.abs(Math.min(0, ...drawdownPct) - result.metrics.maxDrawdownPct) <= 1e-9);
      // Any positive equity below the starting cash is at least that far below a peak.
      const lowest = Math.min(...equity);
      if (lowest > 0) assert.ok(result.metrics.maxDrawdownPct <= Math.min(0, (lowest / result.metrics.startEquity - 1) * 100) + 1e-9);
    }),
    { numRuns: 300 },
  );
});

test('results are identical across runs', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      assert.deepEqual(run(s), run(s));
    }),
    { numRuns: 100 },
  );
});

test('trade statistics tallied as trades close equal those added up from the trade list', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const config = plainConfig({ fee: s.fee, allowShort: s.allowShort, fill: s.fill, lotStep: s.lotStep });
      const data = candles(s.rows);
      const full = runBacktest(data, config, scripted(s.script as Record<number, Intent>));
      const fromList = computeMetrics({
        close: data.close,
        time: data.time,
        equity: full.equity.equity,
        trades: full.trades,
        startEquity: config.cash,
        feesPaid: full.metrics.feesPaid,
        exposedCandles: (full.metrics.exposurePct / 100) * data.length,
        timeframe: config.timeframe,
        timeframeMs: timeframeMs(config.timeframe),
      });
      for (const key of ['tradeCount', 'winRatePct', 'profitFactor', 'expectancy', 'avgTradePct', 'bestTradePct', 'worstTradePct'] as const) {
        assert.ok(Object.is(fromList[key], full.metrics[key]), `${key}: ${fromList[key]} vs ${full.metrics[key]}`);
      }
    }),
    { numRuns: 200 },
  );
});

test('metrics-only runs equal the full run, whatever ran before in the reused buffer', () => {
  fc.assert(
    fc.property(scenario, fc.nat({ max: 10 }), (s, warmupWish) => {
      const config = plainConfig({ fee: s.fee, allowShort: s.allowShort, fill: s.fill, lotStep: s.lotStep });
      const data = candles(s.rows);
      const warmup = Math.min(warmupWish, data.length - 1);
      const strategy = (): ReturnType<typeof scripted> => scripted(s.script as Record<number, Intent>);
      const full = runBacktest(data, config, strategy(), { warmup });
      assert.deepEqual(backtestMetrics(data, config, strategy(), { warmup }), full.metrics);
    }),
    { numRuns: 300 },
  );
});
