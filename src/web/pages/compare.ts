// Instances side by side: each one's equity normalised to 100 at its first balance, on one chart,
// and a table of P&L, drawdown and trades.
import { lineChart, PALETTE } from '../charts.ts';
import type { LinePoint } from '../charts.ts';
import { h, replace } from '../dom.ts';
import { loadFleet } from '../fleet-model.ts';
import { num, pct, signClass, signedMoney } from '../format.ts';
import { equityOf, journal } from '../instance-data.ts';
import { section, table, unavailable } from '../page.ts';
import type { Page } from '../page.ts';

/** Balances read per instance: the newest ones. */
const POINTS = 2000;

/** `points` scaled so the first is 100 (an empty or zero-start curve stays empty). */
export function normalised(points: readonly LinePoint[]): LinePoint[] {
  const first = points[0]?.value;
  if (first === undefined || first === 0) return [];
  return points.map((p) => ({ time: p.time, value: (p.value / first) * 100 }));
}

export const comparePage: Page = async (root) => {
  const chart = h('div', { class: 'chart', id: 'compare-chart' });
  const figures = h('div', { id: 'compare-table' });
  const legend = h('div', { class: 'legend' });
  replace(root, h('h1', { class: 'page-title' }, 'Compare instances'), section('Equity, 100 at start', chart, legend), section('Figures', figures));
  let fleet;
  try {
    fleet = await loadFleet();
  } catch (error) {
    replace(chart, unavailable('Fleet', error));
    return;
  }
  replace(figures, table(['Instance', 'Mode', 'P&L', 'Drawdown', 'Trades'], fleet.instances.map((i) => [i.name, i.mode, h('span', { class: signClass(i.pnl) }, signedMoney(i.pnl)), pct(i.drawdown), num(i.trades, 0)]), 'No instance.'));
  const curves = await Promise.all(
    fleet.instances.map(async (instance, k) => {
      try {
        return { name: instance.name, points: normalised(equityOf(await journal(instance.name, ['balance'], POINTS))), color: PALETTE[k % PALETTE.length]! };
      } catch {
        return { name: instance.name, points: [], color: PALETTE[k % PALETTE.length]! };
      }
    }),
  );
  const drawn = curves.filter((c) => c.points.length > 0);
  replace(legend, ...curves.map((c) => h('span', { class: 'key' }, h('i', { style: `background:${c.color}` }), c.points.length > 0 ? c.name : `${c.name} (no balance yet)`)));
  if (drawn.length === 0) {
    replace(chart, h('p', { class: 'muted' }, 'No instance has an equity point yet.'));
    return;
  }
  const remove = lineChart(chart, drawn);
  return remove;
};
