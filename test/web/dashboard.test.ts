// The dashboard in headless Chromium against the real API, a paper fleet on the simulator and a
// SQLite store: sign in, the role shown, a live update arriving, pausing an instance as an
// operator, a viewer's controls disabled with the reason and the API's refusal shown, the kill
// switch confirmed by typing the scope's name (the flag lands in the store), every page at a
// laptop's and a phone's width without sideways scrolling; screenshots under the test's temp dir.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { KeyStore } from '../../src/config/index.ts';
import { INSTANCES, KEY_PASSPHRASE, layoutProblems, openDashboard, signIn, startBed, SWEEP_FAST, SWEEP_SLOW } from './harness.ts';
import type { Bed } from './harness.ts';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe('dashboard', () => {
  let bed: Bed;

  before(async () => {
    bed = await startBed();
    for (let i = 0; i < 12; i++) await bed.step();
    console.log(`# screenshots in ${bed.shots}`);
  });

  after(async () => {
    await bed?.close();
  });

  const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: path.join(bed.shots, `${name}.png`), fullPage: true });

  test('a wrong token is refused on the sign-in form with the API’s reason', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await page.fill('#token', 'rmp_not-a-token');
    await page.click('#signin button[type=submit]');
    await page.waitForFunction("document.getElementById('signin-error').textContent !== ''");
    assert.match(await page.textContent('#signin-error') ?? '', /Token refused: the token matches no user/);
    assert.equal(await page.$('#role'), null);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('an operator signs in, sees the role and every instance, and a live update arrives', async () => {
    const { page, errors, offsite } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.operator);
    assert.equal(await page.textContent('#role'), 'operator');
    await page.waitForSelector(`[data-instance="${INSTANCES[1]}"]`);
    for (const name of INSTANCES) assert.ok(await page.$(`[data-instance="${name}"]`), `a card for ${name}`);
    await page.waitForFunction("document.getElementById('live').className.includes('live live')");
    const candlesShown = (): Promise<string | null> => page.textContent(`[data-instance="${INSTANCES[0]}"] .last-candle`);
    const before = await candlesShown();
    await bed.step();
    await page.waitForFunction("document.getElementById('live').dataset.lastUpdate !== ''", undefined, { timeout: 15_000 });
    await page.waitForFunction((b) => document.querySelector('[data-instance="btc-macd"] .last-candle')?.textContent !== b, before, { timeout: 15_000 });
    assert.match((await page.textContent('#live')) ?? '', /last update \d\d:\d\d:\d\d UTC/);
    assert.deepEqual(errors, []);
    assert.deepEqual(offsite, []);
    await page.context().close();
  });

  test('an operator pauses an instance: the pause flag is in the store and the card says so', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.operator);
    const name = INSTANCES[1];
    await page.click(`[data-action="pause-${name}"]`);
    await page.waitForSelector(`[data-action="unpause-${name}"]`);
    assert.match((await page.textContent('#notice')) ?? '', /paus/i);
    assert.ok(bed.workspace.live.kills.pauses().some((p) => p.scope === name), 'the pause flag is set in the store');
    assert.equal(await page.textContent(`[data-instance="${name}"] [data-field="risk"]`), 'paused');
    await page.click(`[data-action="unpause-${name}"]`);
    await page.waitForSelector(`[data-action="pause-${name}"]`);
    assert.ok(!bed.workspace.live.kills.pauses().some((p) => p.scope === name), 'the pause is lifted');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a viewer sees the controls disabled with the reason, and a refusal from the API is shown', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.viewer);
    assert.equal(await page.textContent('#role'), 'viewer');
    const name = INSTANCES[0];
    await page.waitForSelector(`[data-action="pause-${name}"]`);
    for (const action of [`pause-${name}`, 'kill-fleet', 'close-all-fleet']) {
      assert.equal(await page.isDisabled(`[data-action="${action}"]`), true, `${action} is disabled`);
      assert.equal(await page.getAttribute(`[data-action="${action}"]`, 'title'), 'needs the operator role (you are viewer)');
    }
    assert.match((await page.textContent(`[data-instance="${name}"] .reason`)) ?? '', /needs the operator role/);
    // A page out of date (the role changed since it was drawn) sends the call anyway: the API refuses and the page says so.
    await page.evaluate((selector) => document.querySelector(selector)?.removeAttribute('disabled'), `[data-action="pause-${name}"]`);
    await page.click(`[data-action="pause-${name}"]`);
    await page.waitForSelector('#notice.error');
    assert.match((await page.textContent('#notice')) ?? '', /Pause refused: 403 FORBIDDEN: .*operator/);
    assert.ok(!bed.workspace.live.kills.pauses().some((p) => p.scope === name), 'nothing changed');
    await shot(page, 'fleet-viewer-refused-1280');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a confirmation dialog left open closes when the user goes to another page, and nothing is sent', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.operator);
    await page.waitForSelector('[data-action="close-all-fleet"]');
    await page.click('[data-action="close-all-fleet"]');
    await page.waitForSelector('dialog.confirm[open]');
    // The modal keeps clicks off the page: the user goes elsewhere by the address bar or the back button.
    await page.goto(`${bed.base}/#/compare`);
    await page.waitForSelector('#compare-chart');
    await page.waitForFunction("document.querySelector('dialog') === null");
    assert.equal(bed.workspace.live.kills.flag('*'), undefined, 'no flag set');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('the kill switch asks for the typed confirmation, then sets the fleet flag in the store', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.operator);
    await page.waitForSelector('[data-action="kill-fleet"]');
    await page.click('[data-action="kill-fleet"]');
    await page.waitForSelector('dialog.confirm[open]');
    assert.equal(await page.isDisabled('[data-confirm]'), true, 'nothing to confirm yet');
    await page.fill('[data-confirm-input]', 'kil');
    assert.equal(await page.isDisabled('[data-confirm]'), true, 'a wrong text does not confirm');
    assert.equal(bed.workspace.live.kills.flag('*'), undefined, 'no flag before the confirmation');
    await shot(page, 'kill-confirm-1280');
    await page.fill('[data-confirm-input]', 'KILL');
    await page.click('[data-confirm]');
    await page.waitForSelector('[data-kill="fleet"]');
    assert.match((await page.textContent('#notice')) ?? '', /kill of the whole fleet|halted/i);
    assert.ok(bed.workspace.live.kills.flag('*') !== undefined, 'the fleet kill flag is set in the store');
    await page.waitForSelector('[data-action="resume-fleet"]');
    for (let i = 0; i < 200 && !bed.fleet.status().every((s) => s.riskState === 'halted'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(bed.fleet.status().every((s) => s.riskState === 'halted'), 'the running fleet halted');
    await page.goto(`${bed.base}/#/audit`);
    await page.waitForSelector('#audit table');
    assert.match((await page.textContent('#audit')) ?? '', /operator-user.*kill.*fleet/s);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('the fleet cards show the server’s drawdown, exposure and open orders in one request per refresh; the instance page draws the backtest’s expectation beside the live equity', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/v1/') && url.pathname !== '/api/v1/events') requests.push(url.pathname);
    });
    await signIn(page, bed.tokens.viewer);
    const name = INSTANCES[0];
    await page.waitForSelector(`[data-instance="${name}"] [data-field="drawdown"]`);
    const status = bed.fleet.status().find((s) => s.instance === name)!;
    assert.ok(status.candles > 0);
    assert.match((await page.textContent(`[data-instance="${name}"] [data-field="drawdown"]`)) ?? '', /^\d+(\.\d+)?\s?%$/);
    assert.match((await page.textContent(`[data-instance="${name}"] [data-field="open-orders"]`)) ?? '', /^0$/);
    // The second instance's entries are over its position cap: its card counts the refusals and names the last one's code.
    const capped = bed.fleet.status().find((s) => s.instance === INSTANCES[1])!;
    assert.ok(capped.refusals > 0 && capped.lastRefusal !== null, `${capped.refusals} ${capped.lastRefusal}`);
    assert.match(capped.lastRefusal, /^(POSITION_LIMIT|HALTED)$/);
    assert.equal(await page.textContent(`[data-instance="${INSTANCES[1]}"] [data-field="refused"]`), `${capped.refusals} (last ${capped.lastRefusal})`);
    await shot(page, 'fleet-refusals-1280');
    assert.ok(!requests.includes('/api/v1/journal'), `the fleet page reads no journal: ${requests.join(' ')}`);
    assert.ok(!requests.some((r) => r.startsWith('/api/v1/instances/')), `the fleet page reads no instance route: ${requests.join(' ')}`);

    await page.goto(`${bed.base}/#/instance/${name}`);
    await page.waitForFunction("document.getElementById('equity-chart').dataset.lines === 'live,backtest'", undefined, { timeout: 30_000 });
    assert.match((await page.textContent('#expectation')) ?? '', /Dashed: a backtest of the same config over the same candles/);
    await page.waitForSelector('#journal-tail ol.journal');
    const tail = (await page.textContent('#journal-tail')) ?? '';
    assert.match(tail, /#\d+ · written [^·]+ UTC.*(equity [\d,]+\.\d\d · P&L|stale: no candle close|connected)/s, 'an entry as a readable line');
    assert.ok(!/[{"]/.test(tail) && !/\d\.\d{9,}/.test(tail), `no raw JSON, no long float: ${tail.slice(0, 200)}`);
    await shot(page, 'instance-expectation-1280');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('the sweeps page lists every stored sweep, also those not started through the server', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.viewer);
    await page.goto(`${bed.base}/#/sweeps`);
    await page.waitForSelector(`#sweeps a[href="#/sweeps/${bed.sweepId}"]`);
    assert.match((await page.textContent('#sweeps tbody tr')) ?? '', new RegExp(`sweep #${bed.sweepId}.*macd-cross`));
    // An empty list says so below its headers, in the window's width, not cut inside the table's scrolling box.
    assert.match((await page.textContent('#sweep-jobs p.empty')) ?? '', /No sweep started through this server/);
    await page.click(`#sweeps a[href="#/sweeps/${bed.sweepId}"]`);
    await page.waitForSelector('table.heatmap');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a stored sweep shows its parameter heatmap: one coloured cell per pair, best scenarios ranked', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.viewer);
    await page.goto(`${bed.base}/#/sweeps/${bed.sweepId}`);
    await page.waitForSelector('table.heatmap');
    const cells = await page.evaluate("[...document.querySelectorAll('table.heatmap tbody td')].map((td) => ({ text: td.textContent, bg: td.style.background }))") as { text: string; bg: string }[];
    assert.equal(cells.length, SWEEP_FAST.length * SWEEP_SLOW.length);
    assert.ok(cells.every((cell) => cell.text !== '' && cell.bg.startsWith('rgb')), 'every pair has a coloured value');
    // Rows are slow (10, 15, 20), columns fast (3..6): the first cell is fast 3, slow 10 → 0.75 − 1 = −0.25.
    assert.equal(cells[0]!.text, '-0.25');
    const first = (await page.textContent('#best li[data-rank="1"]')) ?? '';
    assert.match(first, /#1 BTCUSDT 1h fast=6 slow=10 signal=9/);
    assert.match(first, /Return\+1\.0%/, 'the return the CLI shows');
    assert.match(first, /Max drawdown5\.0%Trades16Win rate50\.0%Sharpe0\.50/);
    assert.ok(!first.includes('|'), 'no internal key');
    await page.selectOption('[data-pick="metric"]', 'totalReturnPct');
    await page.waitForFunction("document.getElementById('heatmap-caption').textContent.startsWith('totalReturnPct')");
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('an admin adds a user: the token is shown once, the new user signs in with it; a removal asks for the name', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.admin);
    await page.goto(`${bed.base}/#/admin`);
    await page.waitForSelector('#users table');
    await page.fill('#add-user input[name=name]', 'dana');
    await page.selectOption('#add-user select[name=role]', 'viewer');
    await page.click('#add-user button[type=submit]');
    await page.waitForSelector('#new-token-value');
    const token = (await page.textContent('#new-token-value')) ?? '';
    assert.match(token, /^rmp_[A-Za-z0-9_-]{43}$/);
    assert.match((await page.textContent('#new-token')) ?? '', /shown this once/);
    assert.ok(await page.$('#new-token [data-copy-token]'), 'a copy button beside it');
    await page.waitForSelector('[data-action="remove-user-dana"]');
    assert.ok(bed.workspace.live.users.list().some((u) => u.name === 'dana' && u.role === 'viewer'), 'the user is in the store');
    await shot(page, 'admin-new-token-1280');
    // Shown once: back on the page later, the token is nowhere in it.
    await page.goto(`${bed.base}/#/fleet`);
    await page.goto(`${bed.base}/#/admin`);
    await page.waitForSelector('[data-action="remove-user-dana"]');
    assert.ok(!(await page.content()).includes(token), 'the token is not shown again');

    const dana = await openDashboard(bed, PHONE);
    await signIn(dana.page, token);
    assert.equal(await dana.page.textContent('#role'), 'viewer');
    assert.match((await dana.page.textContent('#who')) ?? '', /dana/);
    assert.deepEqual(dana.errors, []);
    await dana.page.context().close();

    await page.click('[data-action="remove-user-dana"]');
    await page.waitForSelector('dialog.confirm[open]');
    assert.equal(await page.isDisabled('[data-confirm]'), true, 'nothing to confirm yet');
    assert.ok(bed.workspace.live.users.list().some((u) => u.name === 'dana'), 'not removed before the confirmation');
    await page.fill('[data-confirm-input]', 'dana');
    await page.click('[data-confirm]');
    await page.waitForFunction("document.querySelector('[data-action=\"remove-user-dana\"]') === null");
    assert.ok(!bed.workspace.live.users.list().some((u) => u.name === 'dana'), 'removed from the store');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('an admin adds and removes an exchange key; the key store holds it sealed and the page never shows it', async () => {
    const apiKey = 'webAdminApiKey7Hq2Zr9Lw4';
    const secret = 'webAdminSecret3Nf8Kd1Xp6Tz0Vb5';
    for (const [label, viewport] of [['1280', LAPTOP], ['390', PHONE]] as const) {
      const { page, errors } = await openDashboard(bed, viewport);
      await signIn(page, bed.tokens.admin);
      await page.goto(`${bed.base}/#/admin`);
      await page.waitForSelector('#keys table');
      const name = `binance-${label}`;
      await page.fill('#add-key input[name=key-name]', name);
      await page.selectOption('#add-key select[name=exchange]', 'binance');
      await page.fill('#add-key input[name=api-key]', apiKey);
      await page.fill('#add-key input[name=secret]', secret);
      await page.click('#add-key button[type=submit]');
      await page.waitForSelector(`[data-action="remove-key-${name}"]`);
      assert.deepEqual(KeyStore.open(bed.keys, KEY_PASSPHRASE).get(name), { name, exchange: 'binance', apiKey, secret });
      assert.equal(await page.inputValue('#add-key input[name=secret]'), '', 'the form is cleared');
      const html = await page.content();
      assert.ok(!html.includes(apiKey) && !html.includes(secret), 'neither is on the page');
      await page.waitForTimeout(300);
      await shot(page, `admin-keys-${label}`);
      assert.deepEqual(await layoutProblems(page), [], `admin at ${viewport.width}`);
      await page.click(`[data-action="remove-key-${name}"]`);
      await page.waitForSelector('dialog.confirm[open]');
      await page.fill('[data-confirm-input]', name);
      await page.click('[data-confirm]');
      await page.waitForFunction((n) => document.querySelector(`[data-action="remove-key-${n}"]`) === null, name);
      assert.deepEqual(KeyStore.open(bed.keys, KEY_PASSPHRASE).list(), []);
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });

  test('a viewer opening the admin page is told it needs the admin role, and sees no user or key', async () => {
    const { page, errors } = await openDashboard(bed, LAPTOP);
    await signIn(page, bed.tokens.viewer);
    await page.goto(`${bed.base}/#/admin`);
    await page.waitForSelector('#admin-refused');
    assert.match((await page.textContent('#admin-refused')) ?? '', /needs the admin role \(you are viewer\)/);
    assert.equal(await page.$('#users'), null);
    assert.equal(await page.$('#keys'), null);
    assert.ok(!((await page.content()).includes('admin-user')), 'no user name shown');
    await shot(page, 'admin-viewer-refused-1280');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  for (const [label, viewport] of [['1280', LAPTOP], ['390', PHONE]] as const) {
    test(`every page is readable at ${viewport.width}×${viewport.height}: nothing runs off the side, no empty panel`, async () => {
      const { page, errors, offsite } = await openDashboard(bed, viewport);
      await shot(page, `signin-${label}`);
      await signIn(page, bed.tokens.operator);
      const pages: [string, string][] = [
        ['fleet', '#fleet-cards article'],
        [`instance/${INSTANCES[0]}`, '#price-chart canvas'],
        ['compare', '#compare-chart canvas'],
        ['sweeps', '#sweeps > *'],
        [`sweeps/${bed.sweepId}`, 'table.heatmap'],
        ['audit', '#audit > *'],
        ['admin', '#admin-refused'],
      ];
      for (const [route, ready] of pages) {
        await page.goto(`${bed.base}/#/${route}`);
        await page.waitForSelector(ready);
        await page.waitForTimeout(300);
        await shot(page, `${route.replace('/', '-')}-${label}`);
        assert.deepEqual(await layoutProblems(page), [], `${route} at ${viewport.width}`);
        const empty = await page.evaluate("[...document.querySelectorAll('section.panel')].filter((s) => s.querySelector('canvas, table, ol, p') === null).map((s) => s.innerText)");
        assert.deepEqual(empty, [], `${route}: a panel with nothing but its title`);
      }
      assert.deepEqual(errors, []);
      assert.deepEqual(offsite, [], 'nothing loaded off the server (no CDN)');
      await page.context().close();
    });
  }
});
