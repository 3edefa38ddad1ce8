// Fleet overview: one card per instance (equity, P&L, drawdown, exposure, open orders, last
// signal, orders refused with the last one's code, mode, risk and feed state), refreshed on every
// live event, with the fleet's kill switch and close-all and each instance's pause/resume.
import type { Scope } from '../actions.ts';
import { pauseButton, switchButton } from '../controls.ts';
import { h, replace } from '../dom.ts';
import { loadFleet } from '../fleet-model.ts';
import type { FleetView, InstanceView } from '../fleet-model.ts';
import { money, num, pct, signClass, signedMoney, utc } from '../format.ts';
import { onLive } from '../live.ts';
import { unavailable } from '../page.ts';
import type { Page } from '../page.ts';

export const fleetPage: Page = async (root) => {
  const controls = h('div', { class: 'toolbar' });
  const grid = h('div', { class: 'cards', id: 'fleet-cards' });
  replace(root, h('div', { class: 'title-row' }, h('h1', {}, 'Fleet'), controls), grid);
  let pending = false;
  const refresh = async (): Promise<void> => {
    if (pending) return;
    pending = true;
    try {
      draw(await loadFleet());
    } catch (error) {
      replace(grid, unavailable('Fleet', error));
    } finally {
      pending = false;
    }
  };
  const draw = (fleet: FleetView): void => {
    const scope: Scope = { kind: 'fleet' };
    const again = (): void => void refresh();
    replace(
      controls,
      fleet.killed ? h('span', { class: 'badge halted', 'data-kill': 'fleet' }, 'kill switch engaged') : null,
      switchButton(scope, fleet.killed ? 'resume' : 'kill', again),
      switchButton(scope, 'close-all', again),
    );
    replace(grid, ...(fleet.instances.length === 0 ? [h('p', { class: 'muted' }, 'No instance is running.')] : fleet.instances.map((instance) => card(instance, refresh))));
  };
  onLive(() => void refresh());
  await refresh();
  return () => onLive(null);
};

/** The orders refused in the latest run and the last one's code: "12 (last POSITION_LIMIT)". */
function refused(instance: InstanceView): string {
  if (instance.refusals === null) return '—';
  return instance.refusals === 0 || instance.lastRefusal === '' ? String(instance.refusals) : `${instance.refusals} (last ${instance.lastRefusal})`;
}

function card(instance: InstanceView, refresh: () => Promise<void>): HTMLElement {
  const figure = (label: string, value: string, cls = ''): HTMLElement => h('div', { class: 'figure' }, h('span', { class: 'label' }, label), h('span', { class: `value ${cls}`, 'data-field': label.toLowerCase().replace(/\s+/g, '-') }, value));
  const paused = instance.paused;
  return h(
    'article',
    { class: `card risk-${instance.riskState || 'unknown'}`, 'data-instance': instance.name },
    h('header', {}, h('a', { href: `#/instance/${encodeURIComponent(instance.name)}`, class: 'name' }, instance.name), h('span', { class: 'badge' }, instance.mode), h('span', { class: `badge ${instance.riskState}`, 'data-field': 'risk' }, instance.killed ? 'killed' : paused ? 'paused' : instance.riskState || '?')),
    h('p', { class: 'muted small' }, `${instance.symbol} ${instance.timeframe} · ${instance.state} · feed ${instance.feed || '—'}`),
    h(
      'div',
      { class: 'figures' },
      figure('Equity', money(instance.equity)),
      figure('P&L', signedMoney(instance.pnl), signClass(instance.pnl)),
      figure('Drawdown', pct(instance.drawdown)),
      figure('Exposure', money(instance.exposure)),
      figure('Open orders', num(instance.openOrders, 0)),
      figure('Trades', num(instance.trades, 0)),
    ),
    h('p', { class: 'small signal' }, h('span', { class: 'label' }, 'Last signal '), instance.lastSignal || '—'),
    h('p', { class: 'small refusals' }, h('span', { class: 'label' }, 'Refused '), h('span', { 'data-field': 'refused' }, refused(instance))),
    instance.riskReason === '' ? null : h('p', { class: 'small reason-line' }, instance.riskReason),
    instance.error === '' ? null : h('p', { class: 'small error' }, instance.error),
    h('p', { class: 'muted small last-candle' }, `last candle ${utc(instance.lastCandleTime)}`),
    h(
      'footer',
      {},
      pauseButton(instance.name, paused, () => void refresh()),
    ),
  );
}
