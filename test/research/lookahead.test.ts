// The lookahead check cuts the data early, evenly and right after each decision, so a window
// fitted on the first candles (which leaks only into decisions inside it) is found.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { parseBacktestConfig } from '../../src/backtest/index.ts';
import { checkLookahead } from '../../src/research/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { builtInStrategy, resolveParams, resolveStrategy } from '../../src/strategies/index.ts';
import { ROOT } from '../fixtures/cli.ts';

const DAY = 86_400_000;
const CASES = path.join(ROOT, 'test/fixtures/cases');

test('a level fitted on the first 100 candles is flagged: cutting at day 20 changes the first trade\'s exit', async () => {
  const { series } = loadCandles({ exchange: 'binance', symbol: 'LOOKUSDT', timeframe: '1d', dataFile: path.join(CASES, 'LOOKUSDT-1d.csv') });
  const definition = await resolveStrategy(path.join(CASES, 'lookahead-fit-window.mjs'));
  const params = resolveParams(definition, { fit: 100 });
  const config = parseBacktestConfig({ symbol: 'LOOKUSDT', timeframe: '1d', strategy: definition.name, params });
  const report = checkLookahead(series, config, definition, params);
  assert.ok(report.findings.length > 0, 'not flagged');
  const start = series.time[0]!;
  // With the data ending around day 20, the first trade exits at day 19; with all of it, it does not.
  const exitChanged = report.findings.find((f) => f.cutTime - start <= 21 * DAY && f.full === '-' && f.truncated === '{"type":"exit"}');
  assert.ok(exitChanged !== undefined, `no early cut changed the first exit: ${JSON.stringify(report.findings.slice(0, 3))}`);
  assert.ok((exitChanged.time - start) / DAY < 21);
});

test('a clean strategy stays unflagged though every decision gets a cut right after it', () => {
  const { series } = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1d' });
  const definition = builtInStrategy('macd-cross');
  const params = resolveParams(definition, {});
  const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d', strategy: 'macd-cross', params });
  const report = checkLookahead(series, config, definition, params);
  assert.deepEqual(report.findings, []);
  assert.ok(report.decisionCuts > 5);
  assert.ok(report.truncations > 20 + report.decisionCuts - 1);
});
