// Validation rules, each problem with its file and line; gaps are warnings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatProblem, parseCandleText, validateCandles } from '../../src/data/index.ts';

const T = Date.UTC(2025, 0, 1);
const H = 3_600_000;
const HEADER = 'timestamp,open,high,low,close,volume\n';

function check(rows: string[]) {
  return validateCandles(parseCandleText(HEADER + rows.join('\n') + '\n', 'f.csv'), '1h');
}

describe('candle validation', () => {
  test('a clean file has no problems', () => {
    const report = check([`${T},1,2,0.5,1.5,10`, `${T + H},1.5,2,1,1.2,3`]);
    assert.deepEqual([report.errors, report.warnings, report.valid.length], [[], [], 2]);
  });

  test('each rule names the file and line', () => {
    const report = check([
      `${T},1,2,0.5,1.5,10`,
      `${T},1,2,0.5,1.5,10`, // line 3: duplicate
      `${T + 3 * H},1,2,0.5,1.5,10`,
      `${T + 2 * H},1,2,0.5,1.5,10`, // line 5: out of order
      `${T + 4 * H},1,1.2,0.5,1.5,10`, // line 6: high < close
      `${T + 5 * H},1,2,1.2,1.5,10`, // line 7: low > open
      `${T + 6 * H},1,2,0.5,1.5,-1`, // line 8: negative volume
      `${T + 7 * H},x,2,0.5,1.5,1`, // line 9: non-numeric
      `${T + 8 * H + 60_000},1,2,0.5,1.5,1`, // line 10: not aligned to 1h
    ]);
    assert.deepEqual(
      report.errors.map(formatProblem),
      [
        'f.csv:3: duplicate time 2025-01-01T00:00:00Z (first at line 2)',
        'f.csv:5: out of order: 2025-01-01T02:00:00Z comes after 2025-01-01T03:00:00Z',
        'f.csv:6: high 1.2 < max(open, close) 1.5',
        'f.csv:7: low 1.2 > min(open, close) 1',
        'f.csv:8: negative volume -1',
        "f.csv:9: open 'x' is not a number",
        'f.csv:10: time 2025-01-01T08:01:00Z is not aligned to the timeframe',
      ],
    );
  });

  test('a gap is a warning listed with its range', () => {
    const report = check([`${T},1,2,0.5,1.5,10`, `${T + H},1,2,0.5,1.5,10`, `${T + 5 * H},1,2,0.5,1.5,10`]);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.gaps, [{ from: T + H, to: T + 5 * H, missing: 3 }]);
    assert.deepEqual(report.warnings.map(formatProblem), ['f.csv:4: gap after 2025-01-01T01:00Z until 2025-01-01T05:00Z: 3 candle(s) missing']);
  });
});
