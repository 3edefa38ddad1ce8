// The dashboard's test bed: a paper fleet (two instances, the second's entries over its position cap, so
// its card has refusals to show) on the simulator, stepped by hand, in
// this process; the REST API over the same SQLite workspace serving the built dashboard on
// 127.0.0.1; a user per role; headless Chromium. Pages open with every request off the API's
// origin refused, so the dashboard is shown to work offline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { addUser, createApiServer } from '../../src/api/index.ts';
import { openWorkspace } from '../../src/app/index.ts';
import type { OpenWorkspace } from '../../src/app/index.ts';
import { readFleetFile } from '../../src/config/index.ts';
import { systemClock } from '../../src/core/index.ts';
import { Fleet } from '../../src/live/index.ts';
import { Simulator } from '../../src/simulator/index.ts';
import { launchBrowser } from '../fixtures/browser.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';

export const INSTANCES = ['btc-macd', 'eth-sma'] as const;
/** The passphrase of the bed's key store (the server's RAMPART_PASSPHRASE). */
export const KEY_PASSPHRASE = 'dashboard test key store';
const TICKS_PER_CANDLE = 4;

export interface Bed {
  readonly base: string;
  readonly workspace: OpenWorkspace;
  readonly fleet: Fleet;
  readonly sim: Simulator;
  readonly browser: Browser;
  readonly tokens: Record<'viewer' | 'operator' | 'admin', string>;
  /** The key store the fleet file names (made by the first key added through the admin page). */
  readonly keys: string;
  /** A stored sweep (macd-cross, fast × slow) for the heatmap page. */
  readonly sweepId: number;
  /** Where screenshots go (printed once). */
  readonly shots: string;
  /** Candles every instance has handled so far. */
  candlesHandled(): number;
  /** Moves the market one candle and waits (bounded) until every instance handled it. */
  step(): Promise<void>;
  close(): Promise<void>;
}

/** Builds dist/web (the page the API serves) and starts everything. */
export async function startBed(): Promise<Bed> {
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const dir = tempDir('rampart-web-');
  const shots = path.join(dir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  const sim = await Simulator.start({ symbols: ['BTCUSDT', 'ETHUSDT'], timeframe: '1h', startIndex: 600, speed: 0, limits: { weightPerMinute: 1_000_000, ordersPer10s: 1_000_000 } });
  sim.step(1);
  const file = path.join(dir, 'fleet.yml');
  const keys = path.join(dir, 'keys.json');
  writeFileSync(
    file,
    stringify({
      keys,
      simulator: { url: sim.restUrl, speed: 720_000 },
      instances: [
        { name: INSTANCES[0], mode: 'paper', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'percent', sizingValue: 20 },
        { name: INSTANCES[1], mode: 'paper', symbol: 'ETHUSDT', timeframe: '1h', strategy: 'sma-cross', params: { fast: 2, slow: 5 }, sizing: 'percent', sizingValue: 30, maxPositionPct: 10 },
      ],
    }),
  );
  const workspace = await openWorkspace({ db: path.join(dir, 'web.db') });
  const fleet = await Fleet.start({
    config: readFleetFile(file),
    file,
    store: workspace.live,
    clock: systemClock,
    stopFile: path.join(dir, 'EMERGENCY_STOP'),
    killPollMs: 50,
    access: { acknowledged: false, openKeys: () => assert.fail('a paper fleet opens no key store') },
  });
  const sweepId = await storeSweep(workspace);
  const tokens = {} as Bed['tokens'];
  for (const role of ['viewer', 'operator', 'admin'] as const) tokens[role] = addUser(workspace.live.users, `${role}-user`, role, Date.now());
  const app = await createApiServer({ workspace, fleet, fleetFile: file, webRoot: path.join(ROOT, 'dist/web'), passphrase: () => KEY_PASSPHRASE });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address !== null && typeof address !== 'string');
  const browser = await launchBrowser();
  const candlesHandled = (): number => Math.min(...fleet.status().map((s) => s.candles));
  return {
    base: `http://127.0.0.1:${address.port}`,
    workspace,
    fleet,
    sim,
    browser,
    tokens,
    keys,
    sweepId,
    shots,
    candlesHandled,
    async step() {
      const before = candlesHandled();
      sim.step(TICKS_PER_CANDLE);
      for (let i = 0; i < 600 && candlesHandled() <= before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(candlesHandled() > before, 'the fleet handled the candle within 12 s');
    },
    async close() {
      await browser.close();
      await app.close();
      await fleet.stop();
      await workspace.close();
      await sim.close();
    },
  };
}

/** The fast and slow values of the stored sweep: 4 × 3 scenarios. */
export const SWEEP_FAST = [3, 4, 5, 6];
export const SWEEP_SLOW = [10, 15, 20];

/** A finished sweep in the store: sharpe rises with fast and falls with slow, negative in one corner. */
async function storeSweep(workspace: OpenWorkspace): Promise<number> {
  const id = await workspace.results.create({ specHash: 'web-test', settingsHash: 'web-test', data: [] }, { strategy: 'macd-cross' }, SWEEP_FAST.length * SWEEP_SLOW.length, Date.now());
  const rows = SWEEP_FAST.flatMap((fast, i) =>
    SWEEP_SLOW.map((slow, j) => ({ scenario: `BTCUSDT|1h|||fast=${fast},slow=${slow},signal=9`, position: i * SWEEP_SLOW.length + j, symbol: 'BTCUSDT', timeframe: '1h', from: null, to: null, params: { fast, slow, signal: 9 }, metrics: { sharpe: fast / 4 - slow / 10, totalReturnPct: fast - slow / 2, maxDrawdownPct: slow / 2, tradeCount: fast + slow, winRatePct: 50 } })),
  );
  await workspace.results.addResults(id, rows);
  await workspace.results.setStatus(id, 'done', Date.now());
  return id;
}

/** A page of the dashboard at a viewport, with script errors collected and requests off the API's origin refused. */
export async function openDashboard(bed: Bed, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[]; offsite: string[] }> {
  const context = await bed.browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const offsite: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    // A refused request (403 on purpose) is logged by Chromium as a console error: not a script error.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(message.text());
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(bed.base)) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  await page.goto(`${bed.base}/`);
  return { page, errors, offsite };
}

/** Signs in through the form and waits for the role to be shown. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.fill('#token', token);
  await page.click('#signin button[type=submit]');
  await page.waitForSelector('#role');
}

/** What a user would find wrong at this width: the page scrolling sideways, or elements wider than the window. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const problems = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
    for (const el of document.querySelectorAll('main *, header *, footer *')) {
      if (el.closest('.scroll') || el.closest('dialog')) continue;
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1) problems.push((el.id || el.className || el.tagName) + ' ends at ' + Math.round(box.right) + ' past ' + width);
    }
    return problems.slice(0, 10);
  })()`);
}
