// `rampart select` and `walk-forward` end to end: the deployment written is the deployment
// tested (its figures reproduce with `rampart backtest`), a deployment that fails the hold-out is
// refused, and the warm-up is the same default in backtest --from, select and walk-forward.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_WARMUP_CANDLES } from '../../src/backtest/index.ts';
import { launchBrowser, openOffline } from '../fixtures/browser.ts';
import { rampart, tempDir } from '../fixtures/cli.ts';

interface Figures {
  totalReturnPct: number;
  sharpe: number;
  tradeCount: number;
}

interface SelectJson {
  split: number;
  warmup: number;
  winner?: { symbol: string; timeframe: string; params: Record<string, number>; trials: number; deflatedSharpe: number; outOfSample: Figures };
  candidates: { trials: number }[];
  deployment: { passed: boolean; holdout: Figures; inSample: Figures; config: Record<string, unknown> } | null;
  refusal: string | null;
  config: string | null;
  warnings: string[];
}

interface BacktestJson {
  metrics: Figures;
}

const dir = tempDir();
const db = path.join(dir, 'select.db');
const SELECT_HTML = path.join(dir, 'select.html');
const WALK_FORWARD_HTML = path.join(dir, 'walk-forward.html');
const SWEEP = ['sweep', '--symbols', 'XRPUSDT,ETHUSDT', '--timeframes', '4h', '--fast', '5..30:5', '--slow', 'fast+5..60:5', '--signal', '9', '--workers', '2', '--db', db];

function json<T>(args: readonly string[], status = 0): T {
  const run = rampart([...args, '--json']);
  assert.equal(run.status, status, run.stderr);
  return JSON.parse(run.stdout) as T;
}

function backtest(args: readonly string[]): Figures {
  return json<BacktestJson>(['backtest', '--db', db, ...args]).metrics;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
}

describe('select', () => {
  let sweep: { sweepId: number; total: number };
  before(() => {
    sweep = json(SWEEP);
  });

  test('writes the deployment it backtested: its hold-out figures reproduce with rampart backtest', () => {
    const yml = path.join(dir, 'deploy.yml');
    const doc = json<SelectJson>(['select', '--sweep', String(sweep.sweepId), '--min-trades', '5', '--workers', '2', '--out', yml, '--out', SELECT_HTML, '--db', db]);
    assert.ok(doc.winner !== undefined && doc.deployment !== null && doc.deployment.passed, JSON.stringify(doc.refusal));
    // A pass is not silent about a weak deflated Sharpe.
    assert.equal(doc.warnings.some((w) => /^deflated Sharpe .* below 0\.95/.test(w)), doc.winner.deflatedSharpe < 0.95);
    assert.equal(doc.config, yml);
    const written = parseYaml(readFileSync(yml, 'utf8')) as {
      params: Record<string, number>;
      sizing: string;
      sizingValue: number;
      stopLossPct: number;
      takeProfitPct: number;
      maxTradesPerDay: number;
      warmupCandles: number;
      tested: { holdout: Figures };
      evidence: { trials: number };
    };
    assert.deepEqual([written.sizing, written.sizingValue], ['percent', 50]);
    assert.deepEqual([written.stopLossPct, written.takeProfitPct, written.maxTradesPerDay], [2, 4, 3]);
    assert.equal(written.warmupCandles, DEFAULT_WARMUP_CANDLES);
    const w = doc.winner;
    // The file's settings, backtested by hand on the hold-out, give the figures the file records.
    const params = Object.entries(written.params).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const byHand = backtest(['--symbol', w.symbol, '--timeframe', w.timeframe, '--from', String(doc.split), ...params, '--sizing', written.sizing, '--size', String(written.sizingValue), '--risk-stop-loss', String(written.stopLossPct), '--risk-take-profit', String(written.takeProfitPct), '--max-trades-per-day', String(written.maxTradesPerDay)]);
    close(byHand.totalReturnPct, doc.deployment.holdout.totalReturnPct, 'hold-out return');
    close(byHand.sharpe, doc.deployment.holdout.sharpe, 'hold-out Sharpe');
    assert.equal(byHand.tradeCount, doc.deployment.holdout.tradeCount);
    assert.equal(written.tested.holdout.tradeCount, byHand.tradeCount);
    assert.equal(written.tested.holdout.totalReturnPct, Math.round(byHand.totalReturnPct * 1000) / 1000);
    // The file itself, backtested with --config on the hold-out, is the deployment select tested.
    const asWritten = json<BacktestJson & { config: Record<string, unknown> }>(['backtest', '--db', db, '--config', yml, '--from', String(doc.split)]);
    close(asWritten.metrics.totalReturnPct, doc.deployment.holdout.totalReturnPct, 'hold-out return with --config');
    close(asWritten.metrics.sharpe, doc.deployment.holdout.sharpe, 'hold-out Sharpe with --config');
    assert.equal(asWritten.metrics.tradeCount, doc.deployment.holdout.tradeCount);
    assert.equal(asWritten.config['maxTradesPerDay'], 3);
    assert.deepEqual(asWritten.config, doc.deployment.config);
    // The deflated Sharpe counts every in-sample scenario ranked: both symbols, all parameter sets.
    assert.equal(w.trials, sweep.total);
    assert.equal(written.evidence.trials, sweep.total);
  });

  test('the sweep evidence on the hold-out equals backtest --from with the default warm-up', () => {
    const doc = json<SelectJson>(['select', '--sweep', String(sweep.sweepId), '--min-trades', '5', '--workers', '2', '--out', path.join(dir, 'again.yml'), '--db', db]);
    assert.equal(doc.warmup, DEFAULT_WARMUP_CANDLES);
    const w = doc.winner!;
    const params = Object.entries(w.params).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const byHand = backtest(['--symbol', w.symbol, '--timeframe', w.timeframe, '--from', String(doc.split), ...params]);
    close(byHand.totalReturnPct, w.outOfSample.totalReturnPct, 'hold-out return');
    close(byHand.sharpe, w.outOfSample.sharpe, 'hold-out Sharpe');
    const text = rampart(['backtest', '--db', db, '--symbol', w.symbol, '--timeframe', w.timeframe, '--from', String(doc.split), ...params]);
    assert.match(text.stdout, new RegExp(`warm-up: ${DEFAULT_WARMUP_CANDLES} candles before \\d{4}-\\d\\d-\\d\\d`));
  });

  test('refuses a deployment that loses on the hold-out: exit 1, one line naming the rule and --force, no file', () => {
    const yml = path.join(dir, 'refused.yml');
    // A 0.1% stop and target with 0.1% fees a side: every trade pays more in fees than it can make.
    const args = ['select', '--sweep', String(sweep.sweepId), '--min-trades', '5', '--workers', '2', '--risk-stop-loss', '0.1', '--risk-take-profit', '0.1', '--out', yml, '--db', db];
    const run = rampart(args);
    assert.equal(run.status, 1, run.stderr);
    const errors = run.stderr.trim().split('\n').filter((line) => !line.startsWith('data: '));
    assert.equal(errors.length, 1, run.stderr);
    assert.match(errors[0]!, /^rampart: the deployment settings \(size ×0\.5 \(50% of equity\), stop-loss 0\.1%, take-profit 0\.1%, ≤3 entries a day\) fail the rule: does not hold out of sample .*; nothing written .*--force/);
    assert.match(run.stdout, /deployment as written .* FAIL/);
    assert.equal(existsSync(yml), false);
    const forced = rampart([...args, '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stderr, /WARNING: the deployment settings .* fail the rule/);
    const written = parseYaml(readFileSync(yml, 'utf8')) as { tested: { passed: boolean; holdout: Figures } };
    assert.equal(written.tested.passed, false);
    assert.ok(written.tested.holdout.totalReturnPct <= 0 || written.tested.holdout.sharpe <= 0);
  });

  test('prints the warm-up and refuses an --out that is neither .yml nor .html', () => {
    const text = rampart(['select', '--sweep', String(sweep.sweepId), '--min-trades', '5', '--workers', '2', '--out', path.join(dir, 'text.yml'), '--db', db]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`hold-out after \\(sweep #\\d+\\); warm-up: ${DEFAULT_WARMUP_CANDLES} candles before \\d{4}-\\d\\d-\\d\\d`));
    assert.match(text.stdout, /sweep evidence \(the sweep's own settings\) .*\n\s+deployment as written .* PASS/);
    const bad = rampart(['select', '--sweep', String(sweep.sweepId), '--out', path.join(dir, 'x.txt'), '--db', db]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--out '.*x\.txt' must end in \.yml \(deployment config\) or \.html \(selection report\)/);
  });
});

describe('walk-forward', () => {
  test('each out-of-sample window equals backtest --from/--to with the same default warm-up', () => {
    const wfDb = path.join(dir, 'wf.db');
    const doc = json<{ warmup: number; picks: { symbol: string; timeframe: string; window: { oosFrom: number; oosTo: number }; params: Record<string, number>; outOfSample: Figures }[] }>(['walk-forward', '--symbols', 'ETHUSDT', '--timeframes', '4h', '--fast', '5..20:5', '--slow', 'fast+5..40:10', '--windows', '3', '--min-trades', '3', '--workers', '2', '--out', WALK_FORWARD_HTML, '--db', wfDb]);
    assert.equal(doc.warmup, DEFAULT_WARMUP_CANDLES);
    for (const pick of doc.picks) {
      const params = Object.entries(pick.params).flatMap(([k, v]) => [`--${k}`, String(v)]);
      const run = json<BacktestJson>(['backtest', '--db', wfDb, '--symbol', pick.symbol, '--timeframe', pick.timeframe, '--from', String(pick.window.oosFrom), '--to', String(pick.window.oosTo), ...params]).metrics;
      close(run.totalReturnPct, pick.outOfSample.totalReturnPct, `window from ${pick.window.oosFrom}`);
    }
    const text = rampart(['walk-forward', '--symbols', 'ETHUSDT', '--timeframes', '4h', '--fast', '5..20:5', '--slow', 'fast+5..40:10', '--windows', '3', '--min-trades', '3', '--workers', '2', '--db', wfDb]);
    assert.match(text.stdout, new RegExp(`^warm-up: ${DEFAULT_WARMUP_CANDLES} candles before each window`));
  });
});

describe('select and walk-forward reports in headless Chromium at 1366×768', () => {
  let browser: Browser;
  const shots = tempDir();

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  /** Opens a page offline; checks nothing loads from outside, nothing is wider than the screen, no card overlaps another. */
  async function open(file: string, shot: string, t: { diagnostic: (message: string) => void }): Promise<import('playwright-core').Page> {
    assert.ok(existsSync(file), `${file} was not written`);
    const html = readFileSync(file, 'utf8');
    assert.doesNotMatch(html, /(src|href)=["']?https?:/i);
    const { page, problems } = await openOffline(browser, file, { width: 1366, height: 768 });
    const png = path.join(shots, shot);
    await page.screenshot({ path: png, fullPage: true });
    t.diagnostic(`screenshot: ${png}`);
    assert.deepEqual(problems, { errors: [], requests: [] });
    // A string, as the test runs in Node where the DOM types are not declared.
    const layout = (await page.evaluate(`({
      pageWidth: document.documentElement.scrollWidth,
      clipped: [...document.querySelectorAll('.wide')].filter((el) => el.scrollWidth > el.clientWidth + 1).length,
      cards: [...document.querySelectorAll('.card')].map((el) => el.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]),
      empty: [...document.querySelectorAll('.card')].filter((el) => (el.textContent ?? '').trim().length < 20).length,
    })`)) as { pageWidth: number; clipped: number; cards: [number, number, number, number][]; empty: number };
    assert.ok(layout.pageWidth <= 1366, `page is ${layout.pageWidth}px wide`);
    assert.equal(layout.clipped, 0, 'a table is wider than its card');
    assert.equal(layout.empty, 0, 'an empty card');
    for (let i = 0; i < layout.cards.length; i++) {
      for (let j = i + 1; j < layout.cards.length; j++) {
        const [a, b] = [layout.cards[i]!, layout.cards[j]!];
        const overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        assert.ok(!overlap, `cards ${i} and ${j} overlap`);
      }
    }
    return page;
  }

  test('the selection page shows the rule, the deployment next to the evidence, and every candidate', async (t) => {
    const page = await open(SELECT_HTML, 'select-1366x768.png', t);
    assert.match(await page.locator('h1').innerText(), /^Selection · macd-cross · sweep #\d+$/);
    assert.match(await page.locator('.rule').innerText(), /backtest the deployment exactly as written/);
    const deployment = page.locator('section.card', { hasText: 'Deployment as written' });
    assert.equal(await deployment.locator('tbody tr').count(), 2);
    assert.match(await deployment.locator('tbody tr').nth(1).innerText(), /deployment as written\s+[+-]\d/);
    assert.match(await deployment.innerText(), /rampart backtest .*--risk-stop-loss 2 --risk-take-profit 4 --max-trades-per-day 3/s);
    const candidates = page.locator('section.card', { hasText: 'Candidates, best in-sample first' });
    assert.ok((await candidates.locator('tbody tr').count()) >= 1);
    assert.equal(await candidates.locator('tbody tr.chosen').count(), 1);
    await page.close();
  });

  test('the walk-forward page shows the windows and each in-sample winner next to its out-of-sample result', async (t) => {
    const page = await open(WALK_FORWARD_HTML, 'walk-forward-1366x768.png', t);
    assert.match(await page.locator('h1').innerText(), /^Walk-forward · macd-cross · sweep #\d+$/);
    const windows = page.locator('section.card', { hasText: 'Windows' }).first();
    assert.equal(await windows.locator('tbody tr').count(), 3);
    const picks = page.locator('section.card', { hasText: 'In-sample winners' });
    assert.equal(await picks.locator('tbody tr').count(), 3);
    assert.match(await picks.locator('tbody tr').first().innerText(), /ETHUSDT 4h\s+1\s+fast=\d+ slow=\d+\s+[+-]\d/);
    assert.match(await page.locator('.kv').first().innerText(), /Warm-up\s+200 candles before each window/);
    await page.close();
  });
});
