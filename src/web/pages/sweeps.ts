// Sweep results: the sweeps on record, and for one of them the parameter heatmap (two swept
// parameters on the axes, each cell a metric averaged over the rest), computed by the very code
// the sweep's HTML report uses, with the best scenarios listed below it.
import { api } from '../api.ts';
import { h, replace } from '../dom.ts';
import { num, utc } from '../format.ts';
import { section, table, unavailable } from '../page.ts';
import type { Page } from '../page.ts';
import { list, numberOf, rec, textOf, timeOf } from '../read.ts';
import { buildHeatmap, cellColour } from '../../research/sweep/report/heatmap.ts';
import type { SweepResultRow } from '../../store/index.ts';

export const sweepsPage: Page = async (root, params) => {
  const id = params[0];
  if (id === undefined || id === '') return sweepList(root);
  return sweepDetail(root, id);
};

async function sweepList(root: HTMLElement): Promise<void> {
  const body = h('div', { id: 'sweeps' });
  const input = h('input', { type: 'number', min: '1', placeholder: 'sweep id', 'aria-label': 'sweep id' });
  const open = h('form', { class: 'toolbar open-sweep' }, h('label', {}, 'Open a stored sweep ', input), h('button', { type: 'submit' }, 'Open'));
  open.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value !== '') location.hash = `#/sweeps/${encodeURIComponent(input.value)}`;
  });
  const jobsBody = h('div', { id: 'sweep-jobs' });
  replace(root, h('div', { class: 'title-row' }, h('h1', {}, 'Sweeps'), open), section('Stored sweeps', body), section('Sweeps started through this server', jobsBody));
  try {
    const answer = rec(await api<unknown>('GET', '/sweeps'));
    const stored = list(answer.sweeps).map(rec);
    replace(
      body,
      table(
        ['Sweep', 'Strategy', 'Markets', 'Scenarios', 'Status', 'Started', 'Finished'],
        stored.map((sweep) => {
          const id = textOf(sweep, 'id');
          const spec = rec(sweep.spec);
          const markets = [...list(spec.symbols), ...list(spec.timeframes)].map(String).join(' ');
          return [h('a', { href: `#/sweeps/${encodeURIComponent(id)}` }, `sweep #${id}`), textOf(spec, 'strategy') || '—', markets || '—', num(numberOf(sweep, 'total'), 0), textOf(sweep, 'status'), utc(timeOf(sweep, 'createdAt')), utc(timeOf(sweep, 'finishedAt'))];
        }),
        ['No sweep stored yet: run one with ', h('code', {}, 'rampart sweep'), ' or start one through the API.'],
      ),
    );
    const jobs = list(answer.jobs).map(rec);
    replace(
      jobsBody,
      table(
        ['Job', 'Status', 'Progress', 'By', 'Started', 'Results'],
        jobs.map((job) => {
          const result = textOf(job, 'resultId');
          const progress = rec(job.progress);
          return [`#${textOf(job, 'id')}`, textOf(job, 'status') + (textOf(job, 'error') === '' ? '' : `: ${textOf(job, 'error')}`), `${num(numberOf(progress, 'done'), 0)} / ${num(numberOf(progress, 'total'), 0)}`, textOf(job, 'by'), utc(timeOf(job, 'createdAt')), result === '' ? '—' : h('a', { href: `#/sweeps/${encodeURIComponent(result)}` }, `sweep #${result}`)];
        }),
        'No sweep started through this server since it started.',
      ),
    );
  } catch (error) {
    replace(body, unavailable('Sweeps', error));
    replace(jobsBody, unavailable('Sweep jobs', error));
  }
}

async function sweepDetail(root: HTMLElement, id: string): Promise<void> {
  const controls = h('div', { class: 'toolbar', id: 'heatmap-controls' });
  const map = h('div', { id: 'heatmap' });
  const best = h('div', { id: 'best' });
  replace(root, h('div', { class: 'title-row' }, h('h1', {}, `Sweep #${id}`), h('a', { href: '#/sweeps' }, '← Sweeps')), section('Parameter heatmap', controls, map), section('Best scenarios', best));
  let rows: SweepResultRow[];
  try {
    rows = list(rec(await api<unknown>('GET', `/sweeps/${encodeURIComponent(id)}`)).results).map(resultRow);
  } catch (error) {
    replace(map, unavailable('Sweep results', error));
    return;
  }
  const numeric = Object.keys(rows[0]?.params ?? {}).filter((key) => rows.some((r) => Number.isFinite(Number(r.params[key]))) && new Set(rows.map((r) => r.params[key])).size > 1);
  const metrics = Object.keys(rows[0]?.metrics ?? {});
  const metric = metrics.includes('sharpe') ? 'sharpe' : (metrics[0] ?? '');
  if (numeric.length < 2 || metric === '') {
    replace(map, h('p', { class: 'muted' }, `A heatmap needs two swept numeric parameters; this sweep varies ${numeric.length === 0 ? 'none' : numeric.join(', ')}.`));
  } else {
    const pick = (label: string, options: readonly string[], chosen: string): HTMLSelectElement => h('select', { 'aria-label': label, 'data-pick': label }, ...options.map((o) => h('option', { value: o, selected: o === chosen }, o)));
    const xs = pick('x', numeric, numeric[0]!);
    const ys = pick('y', numeric, numeric[1]!);
    const ms = pick('metric', metrics, metric);
    const draw = (): void => replace(map, heatmapTable(rows, xs.value, ys.value, ms.value));
    for (const select of [xs, ys, ms]) select.addEventListener('change', draw);
    replace(controls, h('label', {}, 'x ', xs), h('label', {}, 'y ', ys), h('label', {}, 'metric ', ms));
    draw();
  }
  const ranked = [...rows].sort((a, b) => (b.metrics[metric] ?? -Infinity) - (a.metrics[metric] ?? -Infinity)).slice(0, 20);
  replace(best, ranked.length === 0 ? h('p', { class: 'muted' }, 'No result yet.') : h('ol', { class: 'best' }, ...ranked.map((r, k) => scenarioCard(r, k + 1, metric))));
}

/** The figures of a scenario the `rampart sweep` command prints: label, metric key, how it is written. */
const CARD_FIGURES: readonly [string, string, (value: number | null | undefined) => string][] = [
  ['Return', 'totalReturnPct', (v) => percent(v, true)],
  ['Max drawdown', 'maxDrawdownPct', (v) => percent(v, false)],
  ['Trades', 'tradeCount', (v) => num(v, 0)],
  ['Win rate', 'winRatePct', (v) => percent(v, false)],
  ['Sharpe', 'sharpe', (v) => (v === null || v === undefined || !Number.isFinite(v) ? num(v) : v.toFixed(2))],
];

/** A value already in % (12.3 for 12.3%) with one decimal, signed for a return. */
function percent(value: number | null | undefined, signed: boolean): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return num(value);
  return `${signed && value > 0 ? '+' : ''}${value.toFixed(1)}%`;
}

/** One ranked scenario: rank, market, parameters, then its figures; the metric ranked by first when it is not among them. */
function scenarioCard(row: SweepResultRow, rank: number, metric: string): HTMLElement {
  const figures = CARD_FIGURES.some(([, key]) => key === metric) ? CARD_FIGURES : [[metric, metric, (v: number | null | undefined) => num(v, 3)] as const, ...CARD_FIGURES];
  const figure = ([label, key, show]: readonly [string, string, (value: number | null | undefined) => string]): HTMLElement => h('div', { class: `figure${key === metric ? ' ranked' : ''}`, 'data-metric': key }, h('span', { class: 'label' }, label), h('span', { class: 'value' }, show(row.metrics[key])));
  return h(
    'li',
    { 'data-rank': rank },
    h('div', {}, h('b', {}, `#${rank} ${row.symbol} ${row.timeframe}`), ' ', h('span', { class: 'params' }, Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join(' '))),
    h('div', { class: 'figures' }, ...figures.map(figure)),
  );
}

function heatmapTable(rows: readonly SweepResultRow[], x: string, y: string, metric: string): HTMLElement {
  if (x === y) return h('p', { class: 'muted' }, 'Pick two different parameters.');
  const map = buildHeatmap(rows, x, y, metric);
  if (map.xs.length === 0) return h('p', { class: 'muted' }, `No scenario has ${metric} with numeric ${x} and ${y}.`);
  return h(
    'div',
    {},
    h('p', { class: 'muted small', id: 'heatmap-caption' }, `${metric}, averaged over the other parameters; rows: ${map.rowLabel}, columns: ${x}`),
    h('div', { class: 'scroll' }, heatmapGrid(map, x)),
  );
}

function heatmapGrid(map: ReturnType<typeof buildHeatmap>, x: string): HTMLElement {
  return h(
    'table',
    { class: 'heatmap' },
    h('thead', {}, h('tr', {}, h('th', {}, `${map.rowLabel} \\ ${x}`), ...map.xs.map((v) => h('th', {}, num(v))))),
    h(
      'tbody',
      {},
      ...map.ys.map((yv, yi) =>
        h(
          'tr',
          {},
          h('th', {}, num(yv)),
          ...map.xs.map((_, xi) => {
            const value = map.cells[yi]![xi];
            return value === null || value === undefined ? h('td', { class: 'empty' }, '') : h('td', { style: `background:${cellColour(value, map.min, map.max)}`, title: `${map.counts[yi]![xi]} scenario(s)` }, num(value, 2));
          }),
        ),
      ),
    ),
  );
}

function resultRow(value: unknown): SweepResultRow {
  const r = rec(value);
  const params = rec(r.params) as Record<string, number | boolean | string>;
  const metrics: Record<string, number | null> = {};
  for (const [key, v] of Object.entries(rec(r.metrics))) metrics[key] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  return { scenario: textOf(r, 'scenario'), position: numberOf(r, 'position') ?? 0, symbol: textOf(r, 'symbol'), timeframe: textOf(r, 'timeframe'), from: timeOf(r, 'from'), to: timeOf(r, 'to'), params, metrics };
}
