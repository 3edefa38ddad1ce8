// The HTML report: self-contained, escaped, carrying the run's data, and rendering in Chromium
// with no network at all: the whole run on three charts that share a time axis, buy-and-hold,
// monthly returns that add up to the equity curve, readable trade labels, nothing cut off.
// Screenshots go to the test's temp dir (printed as a diagnostic).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseBacktestConfig, runBacktest } from '../../src/backtest/index.ts';
import type { BacktestResult } from '../../src/backtest/index.ts';
import { renderReportHtml } from '../../src/backtest/report/index.ts';
import { loadCandles } from '../../src/data/index.ts';
import { builtInStrategy, resolveParams } from '../../src/strategies/index.ts';
import { launchBrowser, openOffline } from '../fixtures/browser.ts';
import type { PageProblems } from '../fixtures/browser.ts';
import { tempDir } from '../fixtures/cli.ts';

const candles = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1d' }).series;
const hourly = loadCandles({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }).series;

function sampleResult(strategyName = 'macd-cross'): BacktestResult {
  const definition = builtInStrategy('macd-cross');
  const params = resolveParams(definition, { fast: 8, slow: 21, signal: 5 });
  const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1d', strategy: strategyName, params });
  const result = runBacktest(candles, config, definition.create(params), { gaps: [{ from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 3), missing: 1 }] });
  return { ...result, rejections: [{ time: Date.UTC(2025, 1, 1), reason: 'order notional 4 below min notional 5' }], rejectedCount: 1 };
}

/** A year of 1h candles: 8,760 of them, the case where the charts used to show the last months only. */
function hourlyResult(strategy: 'macd-cross' | 'grid'): BacktestResult {
  const definition = builtInStrategy(strategy);
  const params = resolveParams(definition, {});
  const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1h', strategy, params });
  return runBacktest(hourly, config, definition.create(params));
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
      writeFileSync(file, html);
      browser = await launchBrowser();
    });
    after(async () => browser?.close());

    test('renders three charts and the trade table offline, without errors', async () => {
      const { page, problems } = await openOffline(browser, file, { width: 1280, height: 1600 });
      await page.waitForFunction("document.querySelectorAll('#drawdown-chart canvas').length > 0");
      for (const id of ['price-chart', 'equity-chart', 'drawdown-chart']) {
        assert.ok((await page.locator(`#${id} canvas`).count()) > 0, `${id} has no canvas`);
        const box = await page.locator(`#${id}`).boundingBox();
        assert.ok(box !== null && box.height > 100 && box.width > 600, `${id} is not laid out`);
      }
      assert.equal(await page.locator('table.trades tbody tr').count(), result.trades.length);
      assert.deepEqual(problems, { errors: [], requests: [] });
      await page.close();
    });
  });
});


/** Opens a report file with every non-file request refused and page errors collected. */
async function openReport(browser: Browser, file: string, width: number, height: number): Promise<{ page: Page; problems: PageProblems }> {
  const { page, problems } = await openOffline(browser, file, { width, height });
  await page.waitForFunction('window.rampartReport !== undefined && document.querySelectorAll("#drawdown-chart canvas").length > 0');
  return { page, problems };
}

/** Runs a page-side expression (a string: the project's tsconfig has no DOM types). */
async function js<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

type Range = { from: number; to: number } | null;
const CHARTS = "[window.rampartReport.price, window.rampartReport.equity, window.rampartReport.drawdown]";

async function visibleRanges(page: Page): Promise<{ time: Range[]; logical: Range[] }> {
  return js(page, `({ time: ${CHARTS}.map((c) => c.timeScale().getVisibleRange()), logical: ${CHARTS}.map((c) => c.timeScale().getVisibleLogicalRange()) })`);
}

/** Elements whose content is wider than their box (what a user sees as clipped or scrolled). */
async function overflowing(page: Page, selector: string): Promise<string[]> {
  return js(
    page,
    `(() => {
      const out = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) out.push('page ' + root.scrollWidth + ' > ' + root.clientWidth);
      document.querySelectorAll(${JSON.stringify(selector)}).forEach((el) => {
        if (el.scrollWidth > el.clientWidth) out.push(el.tagName + '.' + el.className + ' ' + el.scrollWidth + ' > ' + el.clientWidth + ' (' + (el.textContent || '').slice(0, 40) + ')');
      });
      return out;
    })()`,
  );
}

describe('HTML report of a year of 1h candles, in headless Chromium', () => {
  let browser: Browser;
  // Each page is opened once (a 1h report is ~1 MB of data and script) and checked several ways.
  let macdPage: { page: Page; problems: PageProblems };
  let gridPage: { page: Page; problems: PageProblems };
  const dir = tempDir('rampart-report-');
  const macd = hourlyResult('macd-cross');
  const grid = hourlyResult('grid');
  const macdFile = path.join(dir, 'macd-1h.html');
  const gridFile = path.join(dir, 'grid-1h.html');

  before(async () => {
    writeFileSync(macdFile, renderReportHtml(macd, hourly));
    writeFileSync(gridFile, renderReportHtml(grid, hourly));
    browser = await launchBrowser();
    macdPage = await openReport(browser, macdFile, 1280, 800);
    gridPage = await openReport(browser, gridFile, 1280, 800);
  });
  after(async () => browser?.close());

  test('opens offline without errors', () => {
    assert.deepEqual(macdPage.problems, { errors: [], requests: [] });
    assert.deepEqual(gridPage.problems, { errors: [], requests: [] });
  });

  test('the library logo is not drawn on the charts and its attribution is on the page', async () => {
    const { page } = macdPage;
    assert.equal(await page.locator('#tv-attr-logo').count(), 0);
    assert.equal(await page.locator('.chart a').count(), 0);
    const attribution = page.locator('footer .chart-attribution');
    assert.match((await attribution.textContent()) ?? '', /TradingView Lightweight Charts™ v\d+\.\d+\.\d+ · Copyright \(c\) \d{4} TradingView, Inc\./);
    assert.equal(await attribution.locator('a').getAttribute('href'), 'https://www.tradingview.com/');
    assert.ok(await attribution.isVisible());
  });

  test('the monthly table compounds to the equity curve, month by month and year by year', async () => {
    const table = await js<{ year: number; months: { month: number; pct: number; text: string }[]; total: number }[]>(
      macdPage.page,
      `[...document.querySelectorAll('table.monthly tbody tr')].map((tr) => ({
        year: Number(tr.querySelector('th').textContent),
        months: [...tr.querySelectorAll('td[data-month]')].map((td) => ({ month: Number(td.getAttribute('data-month')), pct: Number(td.getAttribute('data-pct')), text: td.textContent })),
        total: Number(tr.querySelector('td[data-total]').getAttribute('data-pct')),
      }))`,
    );
    // Month-end equity straight from the curve.
    const ends = new Map<string, number>();
    for (let i = 0; i < macd.equity.length; i++) {
      const d = new Date(macd.equity.time[i]!);
      ends.set(`${d.getUTCFullYear()}-${d.getUTCMonth() + 1}`, macd.equity.equity[i]!);
    }
    let before = macd.metrics.startEquity;
    let cells = 0;
    for (const row of table) {
      const yearStart = before;
      for (const cell of row.months) {
        const end = ends.get(`${row.year}-${cell.month}`)!;
        assert.ok(Math.abs(cell.pct - (end / before - 1) * 100) < 1e-9, `${row.year}-${cell.month}`);
        assert.equal(cell.text, `${cell.pct > 0 ? '+' : ''}${cell.pct.toFixed(2)}`);
        before = end;
        cells++;
      }
      assert.ok(Math.abs(row.total - (before / yearStart - 1) * 100) < 1e-9, `${row.year} total`);
    }
    assert.equal(cells, ends.size);
    assert.equal(cells, 12);
    assert.ok(Math.abs(before - macd.metrics.endEquity) < 1e-9);
    const product = table.reduce((p, row) => p * (1 + row.total / 100), 1);
    assert.ok(Math.abs((product - 1) * 100 - macd.metrics.totalReturnPct) < 1e-9);
  });

  test('buy-and-hold is on the equity chart, from the same cash to the buy-and-hold return', async () => {
    const hold = await js<{ time: number; value: number }[]>(macdPage.page, 'window.rampartReport.series.buyAndHold.data()');
    assert.equal(hold.length, macd.equity.length);
    assert.equal(hold[0]!.time, macd.equity.time[0]! / 1000);
    assert.ok(Math.abs(hold[0]!.value - macd.config.cash) < 0.01);
    const expected = macd.config.cash * (1 + macd.metrics.buyAndHoldReturnPct / 100);
    assert.ok(Math.abs(hold.at(-1)!.value - expected) < 0.01, `ends at ${hold.at(-1)!.value}, buy-and-hold return gives ${expected}`);
  });

  for (const [width, height] of [
    [1366, 768],
    [1280, 800],
  ] as const) {
    test(`the charts show the whole run and nothing overflows its box at ${width}×${height}`, async (t) => {
      for (const [name, { page }, result] of [
        ['macd-1h', macdPage, macd],
        ['grid-1h', gridPage, grid],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.evaluate(`${CHARTS}[0].timeScale().fitContent()`);
        const first = result.equity.time[0]! / 1000;
        const last = result.equity.time[result.equity.length - 1]! / 1000;
        await page.waitForFunction(`${CHARTS}.every((c) => { const r = c.timeScale().getVisibleRange(); return r !== null && r.from === ${first} && r.to === ${last}; })`);
        const whole = await visibleRanges(page);
        for (const range of whole.time) assert.deepEqual(range, { from: first, to: last }, name);
        assert.deepEqual(whole.logical[1], whole.logical[0], name);
        assert.deepEqual(whole.logical[2], whole.logical[0], name);
        assert.deepEqual(await overflowing(page, '.card, .scroll, .scroll-x, table, .grid'), [], name);
        await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
      }
      t.diagnostic(`screenshots in ${dir}`);
    });
  }

  test('zooming one chart zooms the other two to the same range, and shows the entries again', async () => {
    const { page } = macdPage;
    // A year of 343 trades does not fit side by side: the entry arrows are hidden and the legend says so.
    assert.match((await page.locator('#marker-note').textContent()) ?? '', /343 exits in view, entries hidden/);
    const month = { from: Date.UTC(2025, 2, 1) / 1000, to: Date.UTC(2025, 3, 1) / 1000 };
    await page.evaluate(`window.rampartReport.drawdown.timeScale().setVisibleRange(${JSON.stringify(month)})`);
    await page.waitForFunction(`${CHARTS}.every((c) => c.timeScale().getVisibleRange()?.from === ${month.from})`);
    await page.waitForFunction(`document.getElementById('marker-note').textContent === ''`);
    const zoomed = await visibleRanges(page);
    assert.ok(zoomed.time[0]!.to <= month.to + 3600, `price chart shows ${JSON.stringify(zoomed.time[0])}`);
    assert.deepEqual(zoomed.time[1], zoomed.time[0]);
    assert.deepEqual(zoomed.time[2], zoomed.time[0]);
    assert.deepEqual(zoomed.logical[1], zoomed.logical[0]);
    assert.deepEqual(zoomed.logical[2], zoomed.logical[0]);
    await page.screenshot({ path: path.join(dir, 'macd-1h-zoomed.png'), fullPage: true });
  });

  test('the crosshair over one chart is set on the other two at the same time', async () => {
    const { page } = macdPage;
    // The library draws a crosshair placed by setCrosshairPosition without reporting it, so the
    // calls the page makes are recorded.
    await page.evaluate(`(() => {
      window.crosshairCalls = {};
      for (const name of ['price', 'drawdown']) {
        const chart = window.rampartReport[name];
        const set = chart.setCrosshairPosition.bind(chart);
        chart.setCrosshairPosition = (value, time, series) => { window.crosshairCalls[name] = { value, time }; set(value, time, series); };
      }
    })()`);
    await page.locator('#equity-chart').scrollIntoViewIfNeeded();
    const box = (await page.locator('#equity-chart').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 4 });
    await page.waitForFunction("window.crosshairCalls.price !== undefined && window.crosshairCalls.drawdown !== undefined");
    const calls = await js<Record<'price' | 'drawdown', { value: number; time: number }>>(page, 'window.crosshairCalls');
    assert.equal(calls.price.time, calls.drawdown.time);
    const i = macd.equity.time.indexOf(calls.price.time * 1000);
    assert.ok(i >= 0);
    assert.equal(calls.price.value, hourly.close[hourly.time.indexOf(calls.price.time * 1000)]);
    assert.equal(calls.drawdown.value, Math.round(macd.equity.drawdownPct[i]! * 1000) / 1000);
  });

  test('exit labels never overlap, even in the busiest stretch, and zooming in shows more', async () => {
    const { page } = gridPage;
    type Label = { time: number; x: number; text: string };
    const labels = (): Promise<Label[]> => js(page, 'window.rampartReport.labelledExits()');
    const width = await js<number>(page, 'window.rampartReport.price.timeScale().width()');
    const check = (list: Label[]): void => {
      for (let i = 1; i < list.length; i++) assert.ok(list[i]!.x - list[i - 1]!.x >= 58, `labels ${list[i - 1]!.text} and ${list[i]!.text} overlap`);
      for (const label of list) assert.ok(label.x >= 29 && label.x <= width - 29, `label ${label.text} at x=${label.x} is cut at an edge`);
    };
    const whole = await labels();
    check(whole);
    // The grid strategy's trades crowd into its first weeks; two weeks of them fill the chart.
    const from = grid.trades[0]!.exitTime / 1000 - 86_400;
    await page.evaluate(`window.rampartReport.price.timeScale().setVisibleRange({ from: ${from}, to: ${from + 14 * 86_400} })`);
    await page.waitForFunction(`window.rampartReport.labelledExits().length > ${whole.length}`);
    const zoomed = await labels();
    check(zoomed);
    for (const label of zoomed) assert.match(label.text, /^(\d+× )?[+-]?\d+\.\d\d%$/);
    // What is drawn: one box per label, inside the chart, none touching another.
    const boxes = await js<{ left: number; right: number; top: number; bottom: number; text: string }[]>(
      page,
      `[...document.querySelectorAll('#price-chart .trade-labels span')].map((el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: el.textContent }; })`,
    );
    assert.deepEqual(boxes.map((b) => b.text), zoomed.map((l) => l.text));
    const chart = (await page.locator('#price-chart').boundingBox())!;
    for (const b of boxes) assert.ok(b.left >= chart.x && b.right <= chart.x + chart.width && b.top >= chart.y && b.bottom <= chart.y + chart.height, `${b.text} is outside the chart`);
    for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i]!.left >= boxes[i - 1]!.right, `${boxes[i - 1]!.text} and ${boxes[i]!.text} overlap`);
    await page.locator('#price-chart').screenshot({ path: path.join(dir, 'grid-1h-zoomed-price.png') });
  });
});
