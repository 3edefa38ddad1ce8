import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickPerWindow, summarizeWalkForward, walkForwardWindows } from '../../../src/research/sweep/index.ts';
import type { SweepResultRow } from '../../../src/store/index.ts';

const DAY = 86_400_000;

test('rolling windows slide; their out-of-sample parts tile the end of the data', () => {
  // 100 days, 4 windows, 20% OOS: OOS length L/(4+4) → 12.5 days each, IS 50 days
  const w = walkForwardWindows(0, 100 * DAY, 4, 'rolling', 0.2, DAY);
  assert.deepEqual(
    w.map((x) => [x.isFrom / DAY, x.isTo / DAY, x.oosFrom / DAY, x.oosTo / DAY]),
    [
      [0, 50, 50, 62],
      [12, 62, 62, 75],
      [25, 75, 75, 87],
      [37, 87, 87, 100],
    ],
  );
});

test('anchored windows all start at the beginning', () => {
  const w = walkForwardWindows(0, 100 * DAY, 2, 'anchored', 0.25, DAY);
  assert.deepEqual(w.map((x) => [x.isFrom, x.isTo / DAY, x.oosTo / DAY]), [
    [0, 60, 80],
    [0, 80, 100],
  ]);
});

test('bad window settings are refused', () => {
  assert.throws(() => walkForwardWindows(0, 100 * DAY, 0, 'rolling', 0.2, DAY), /positive integer/);
  assert.throws(() => walkForwardWindows(0, 100 * DAY, 2, 'rolling', 1.5, DAY), /in \(0, 1\)/);
  assert.throws(() => walkForwardWindows(0, 30 * DAY, 10, 'rolling', 0.2, DAY), /too short/);
});

function row(from: number, to: number, fast: number, sharpe: number, trades: number, ret: number): SweepResultRow {
  return { scenario: `${from}-${fast}`, position: fast, symbol: 'X', timeframe: '1d', from, to, params: { fast }, metrics: { sharpe, tradeCount: trades, totalReturnPct: ret, cagrPct: ret } };
}

test('each window picks its in-sample winner with enough trades and reports it out of sample', () => {
  const [w] = walkForwardWindows(0, 100 * DAY, 1, 'rolling', 0.2, DAY);
  const rows = [
    row(w!.isFrom, w!.isTo, 1, 3.0, 2, 50), // best Sharpe, too few trades
    row(w!.isFrom, w!.isTo, 2, 2.0, 10, 30),
    row(w!.isFrom, w!.isTo, 3, 1.0, 10, 10),
    row(w!.oosFrom, w!.oosTo, 1, 0.1, 1, 1),
    row(w!.oosFrom, w!.oosTo, 2, 0.5, 3, 6),
    row(w!.oosFrom, w!.oosTo, 3, 0.9, 3, 9),
  ];
  const [pick] = pickPerWindow(rows, [w!], 'sharpe', 5);
  assert.equal(pick!.inSample!.params['fast'], 2);
  assert.equal(pick!.outOfSample!.metrics['sharpe'], 0.5);
  const summary = summarizeWalkForward([pick!]);
  assert.equal(summary.meanInSampleReturnPct, 30);
  assert.equal(summary.meanOutOfSampleReturnPct, 6);
  assert.equal(summary.efficiency, 0.2);
});
