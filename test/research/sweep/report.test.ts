// The sweep report: a heatmap that shows a dependent range (slow follows fast) without a
// checkerboard of holes, and tables that fit laptop widths, checked in headless Chromium.
// Screenshots go to the test's temp dir (printed as a diagnostic).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseSweepSpec, rankResults, runSweep } from '../../../src/research/sweep/index.ts';
import type { SweepOutcome, SweepSpec } from '../../../src/research/sweep/index.ts';
import { buildHeatmap, renderSweepHtml } from '../../../src/research/sweep/report/index.ts';
import { SimulatedClock } from '../../../src/core/index.ts';
import { openStore } from '../../../src/store/index.ts';
import type { SweepResultRow } from '../../../src/store/index.ts';
import { launchBrowser } from '../../fixtures/browser.ts';
import { tempDir } from '../../fixtures/cli.ts';


async function sweep(spec: SweepSpec): Promise<SweepOutcome> {
  const store = openStore(path.join(tempDir(), 'sweep.db'));
  try {
    return await runSweep(spec, { store, clock: new SimulatedClock(1), workers: 1, resume: false, yes: false });
  } finally {
    store.close();
  }
}

function row(params: Record<string, number>, sharpe: number): SweepResultRow {
  return { params, metrics: { sharpe } } as unknown as SweepResultRow;
}

describe('sweep heatmap', () => {
  test('a crossed grid keeps the values of both parameters on its axes', () => {
    const rows = [];
    for (const fast of [5, 10, 15]) for (const slow of [20, 30, 40]) rows.push(row({ fast, slow }, fast / slow));
    const map = buildHeatmap(rows, 'fast', 'slow', 'sharpe');
    assert.equal(map.rowEncoding, 'values');
    assert.equal(map.rowLabel, 'slow');
    assert.deepEqual(map.ys, [20, 30, 40]);
    assert.ok(map.cells.every((cells) => cells.every((c) => c !== null)));
  });

  test('a range that follows the column parameter puts the difference on the rows', () => {
    // slow: fast+2..20:4 — each fast has its own slow values (3 → 5, 9, …; 5 → 7, 11, …).
    const rows = [];
    for (const fast of [3, 5, 7]) for (let slow = fast + 2; slow <= 20; slow += 4) rows.push(row({ fast, slow }, slow - fast));
    const map = buildHeatmap(rows, 'fast', 'slow', 'sharpe');
    assert.equal(map.rowEncoding, 'difference');
    assert.equal(map.rowLabel, 'slow − fast');
    assert.deepEqual(map.ys, [2, 6, 10, 14]);
    // Each cell's value is its row (the test metric is slow − fast): nothing landed in the wrong cell.
    map.cells.forEach((cells, yi) => cells.forEach((c) => assert.ok(c === null || c === map.ys[yi])));
    assert.equal(map.cells.flat().filter((c) => c !== null).length, rows.length);
  });
});

describe('sweep report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let outcome: SweepOutcome;
  const dir = tempDir('rampart-sweep-report-');
  const file = path.join(dir, 'sweep.html');

  before(async () => {
    // The example sweep's ranges on fewer data sets: slow follows fast, so a raw grid is a checkerboard.
    outcome = await sweep(parseSweepSpec({ symbols: ['BTCUSDT', 'XRPUSDT'], timeframes: ['1d'], params: { fast: '3..40:4', slow: 'fast+2..80:8', signal: '9' } }));
    writeFileSync(file, renderSweepHtml(outcome, rankResults(outcome.results, 'sharpe'), 'sharpe'));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`file://${file}`);
  });
  after(async () => browser?.close());

  test('the heatmap has a filled cell for every (fast, slow) pair that ran, and no holes between them', async () => {
    const table = page.locator('table.heat');
    assert.equal(await table.getAttribute('data-row-encoding'), 'difference');
    assert.match((await table.locator('th.corner').textContent()) ?? '', /slow − fast/);
    const cells = (await page.evaluate(
      `[...document.querySelectorAll('table.heat td')].map((td) => ({ x: Number(td.dataset.x), y: Number(td.dataset.y), empty: td.classList.contains('none'), text: td.textContent, row: td.parentElement.rowIndex, column: td.cellIndex }))`,
    )) as { x: number; y: number; empty: boolean; text: string; row: number; column: number }[];
    const pairs = new Set(outcome.results.map((r) => `${r.params['fast']}|${r.params['slow']}`));
    assert.equal(pairs.size, 75);
    const filled = cells.filter((c) => !c.empty);
    assert.equal(filled.length, pairs.size);
    for (const cell of filled) {
      assert.ok(pairs.has(`${cell.x}|${cell.y}`), `cell fast=${cell.x} slow=${cell.y} has no scenario`);
      assert.match(cell.text, /^-?\d+\.\d\d$/);
    }
    // Down each column the filled cells come first: empty ones only past the end of slow's range.
    const columns = new Map<number, boolean[]>();
    for (const c of cells) columns.set(c.column, [...(columns.get(c.column) ?? []), c.empty]);
    for (const [column, empties] of columns) assert.equal(empties.indexOf(true) === -1 ? empties.length : empties.indexOf(true), empties.filter((e) => !e).length, `column ${column} has a hole`);
    // Fewer than a third of the grid's cells are empty (a raw grid of slow values is 60% holes).
    assert.ok(cells.filter((c) => c.empty).length < cells.length / 3);
    assert.match((await page.locator('.scroll-x:has(table.heat) + p').textContent()) ?? '', /slow = fast \+ row/);
  });

  for (const [width, height] of [
    [1366, 768],
    [1280, 800],
  ] as const) {
    test(`no table or card is clipped at ${width}×${height}`, async (t) => {
      await page.setViewportSize({ width, height });
      const clipped = (await page.evaluate(`(() => {
        const out = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth) out.push('page ' + root.scrollWidth + ' > ' + root.clientWidth);
        document.querySelectorAll('.card, .scroll-x, .grid').forEach((el) => {
          if (el.scrollWidth > el.clientWidth) out.push(el.className + ' ' + el.scrollWidth + ' > ' + el.clientWidth + ': ' + (el.textContent || '').slice(0, 40));
        });
        return out;
      })()`)) as string[];
      assert.deepEqual(clipped, []);
      assert.equal(await page.locator('.scroll-x').count(), 5);
      await page.screenshot({ path: path.join(dir, `sweep-${width}.png`), fullPage: true });
      t.diagnostic(`screenshots in ${dir}`);
    });
  }
});
