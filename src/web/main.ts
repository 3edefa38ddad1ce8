// The dashboard's entry: a hash router over the pages, the header (navigation, who is signed in
// and their role, sign-out, the live-update clock) and the chart library's attribution.
import { setUnauthorizedHandler } from './api.ts';
import { h, replace } from './dom.ts';
import { closeDialogs } from './controls.ts';
import { connect, disconnect, onLive } from './live.ts';
import { clearNotice, notifyError } from './notice.ts';
import { unavailable } from './page.ts';
import type { Page } from './page.ts';
import { adminPage } from './pages/admin.ts';
import { auditPage } from './pages/audit.ts';
import { comparePage } from './pages/compare.ts';
import { fleetPage } from './pages/fleet.ts';
import { instancePage } from './pages/instance.ts';
import { signInPage } from './pages/signin.ts';
import { sweepsPage } from './pages/sweeps.ts';
import { loadSession, signOut, user } from './session.ts';

/** The chart library's licence notice, put in by the build (scripts/build.mjs). */
declare const __CHART_NOTICE__: string;

const PAGES: Record<string, Page> = { fleet: fleetPage, instance: instancePage, compare: comparePage, sweeps: sweepsPage, audit: auditPage, admin: adminPage };
const NAV: readonly [string, string][] = [
  ['fleet', 'Fleet'],
  ['compare', 'Compare'],
  ['sweeps', 'Sweeps'],
  ['audit', 'Audit log'],
  ['admin', 'Admin'],
];

let cleanup: (() => void) | void = undefined;

function main(): HTMLElement {
  return document.getElementById('app')!;
}

async function route(): Promise<void> {
  cleanup?.();
  cleanup = undefined;
  closeDialogs();
  onLive(null);
  clearNotice();
  const [name = 'fleet', ...params] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (user() === null) {
    drawHeader();
    signInPage(main(), () => {
      drawHeader();
      if (name === 'signin') location.hash = '#/fleet';
      else void route();
    });
    return;
  }
  const page = PAGES[name] ?? fleetPage;
  drawHeader(name);
  try {
    cleanup = await page(main(), params);
  } catch (error) {
    replace(main(), unavailable(name, error));
  }
}

function drawHeader(active = ''): void {
  const nav = document.getElementById('nav')!;
  const who = document.getElementById('who')!;
  const current = user();
  if (current === null) {
    replace(nav);
    replace(who);
    disconnect();
    return;
  }
  replace(nav, ...NAV.map(([page, label]) => h('a', { href: `#/${page}`, class: page === active ? 'active' : '' }, label)));
  const badge = h('span', { class: 'live', id: 'live' });
  const out = h('button', { type: 'button', id: 'signout', class: 'link' }, 'Sign out');
  out.addEventListener('click', () => {
    signOut()
      .catch((error: unknown) => notifyError('Sign out', error))
      .finally(() => {
        disconnect();
        location.hash = '#/signin';
        void route();
      });
  });
  replace(who, badge, h('span', { class: 'user' }, current.name, ' ', h('span', { class: `role ${current.role}`, id: 'role' }, current.role)), out);
  connect(badge);
}

function drawFooter(): void {
  replace(document.getElementById('foot')!, 'Charts: ', h('a', { href: 'https://www.tradingview.com/', target: '_blank', rel: 'noopener' }, __CHART_NOTICE__));
}

async function start(): Promise<void> {
  drawFooter();
  setUnauthorizedHandler(() => {
    disconnect();
    void loadSession().finally(() => void route());
  });
  try {
    await loadSession();
  } catch (error) {
    notifyError('Reading the session', error);
  }
  window.addEventListener('hashchange', () => void route());
  await route();
}

void start();
