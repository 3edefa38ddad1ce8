// The HTML report: self-contained, escaped, carrying the run's data, and rendering in Chromium
// with no network at all.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { parseBacktestConfig, runBacktest } from '../../src/backtest/index.ts';
import type { BacktestResult } from '../../src/backtest/index.ts';
import { renderReportHtml } from '../../src/backtest/report/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { builtInStrategy, resolveParams } from '../../src/strategies/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const candles = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1d' }).series;

function sampleResult(strategyName = 'macd-cross'): BacktestResult {
  const definition = builtInStrategy('macd-cross');
  const params = resolveParams(definition, { fast: 8, slow: 21, signal: 5 });
  const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d', strategy: strategyName, params });
  const result = runBacktest(candles, config, definition.create(params), { gaps: [{ from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 3), missing: 1 }] });
  return { ...result, rejections: [{ time: Date.UTC(2025, 1, 1), reason: 'order notional 4 below min notional 5' }] };
}

function embeddedData(html: string): { candles: number[][]; equity: number[][]; trades: unknown[][] } {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match !== null, 'no embedded report data');
  return JSON.parse(match[1]!) as { candles: number[][]; equity: number[][]; trades: unknown[][] };
}

describe('HTML report', () => {
  const result = sampleResult();
  const html = renderReportHtml(result, candles);

  test('is self-contained: the chart library is inlined and nothing loads from a network', () => {
    assert.doesNotMatch(html, /<script[^>]+src=/i);
    assert.doesNotMatch(html, /<link[^>]+href=/i);
    assert.doesNotMatch(html, /src=["']?https?:/i);
    // The only outside address is the link the chart library's licence asks for: a plain anchor.
    const hrefs = [...html.matchAll(/<(\w+)[^>]*href=["']?(https?:[^"' >]+)/gi)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(hrefs, ['a https://www.tradingview.com/']);
    assert.match(html, /LightweightCharts/);
  });

  test('embeds every candle, equity point and trade', () => {
    const data = embeddedData(html);
    assert.equal(data.candles.length, candles.length);
    assert.equal(data.equity.length, candles.length);
    assert.equal(data.trades.length, result.trades.length);
    assert.equal(data.candles[0]![0], candles.time[0]! / 1000);
    assert.match(html, new RegExp(`Trades \\(${result.trades.length}\\)`));
    assert.match(html, /Data gaps \(1\)/);
    assert.match(html, /Refused orders \(1\)/);
  });

  test('escapes user-supplied text so it cannot inject markup or close the data script', () => {
    const hostile = renderReportHtml(sampleResult('</script><script>alert(1)</script>'), candles);
    assert.doesNotMatch(hostile, /<script>alert\(1\)<\/script>/);
    assert.match(hostile, /&lt;\/script&gt;&lt;script&gt;alert\(1\)/);
    embeddedData(hostile);
  });

  describe('in headless Chromium', () => {
    let browser: Browser;
    const file = path.join(tempDir(), 'report.html');

    before(async () => {
      assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
      writeFileSync(file, html);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    });
    after(async () => browser?.close());

    test('renders three charts and the trade table offline, without errors', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (error) => problems.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(`file://${file}`);
      await page.waitForFunction("document.querySelectorAll('#drawdown-chart canvas').length > 0");
      for (const id of ['price-chart', 'equity-chart', 'drawdown-chart']) {
        assert.ok((await page.locator(`#${id} canvas`).count()) > 0, `${id} has no canvas`);
        const box = await page.locator(`#${id}`).boundingBox();
        assert.ok(box !== null && box.height > 100 && box.width > 600, `${id} is not laid out`);
      }
      assert.equal(await page.locator('table.trades tbody tr').count(), result.trades.length);
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, []);
      await page.close();
    });
  });
});
