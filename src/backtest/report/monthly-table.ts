// The monthly returns table: one row per year, one column per month and the year's total.

import type { YearReturns } from './monthly-returns.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An HTML table (class `monthly`, inside a horizontally scrolling wrapper) of `years`: % returns
 * with two decimals, green above zero and red below, blank for months outside the run. Each
 * value cell carries its unrounded % in `data-pct` (and `data-month`, 1–12, or `data-total`).
 */
export function monthlyReturnsTable(years: readonly YearReturns[]): string {
  if (years.length === 0) return '<p class="empty">No candles.</p>';
  const head = `<tr><th>Year</th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr>`;
  const rows = years
    .map(
      (y) =>
        `<tr><th>${y.year}</th>${y.months.map((v, m) => (v === null ? '<td></td>' : cell(v, `data-month="${m + 1}"`))).join('')}${cell(y.total, 'data-total="1"', 'total')}</tr>`,
    )
    .join('\n');
  return `<div class="scroll-x"><table class="monthly"><thead>${head}</thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function cell(pct: number, attribute: string, extra = ''): string {
  const sign = pct > 0 ? 'up' : pct < 0 ? 'down' : 'flat';
  return `<td class="${sign}${extra === '' ? '' : ` ${extra}`}" ${attribute} data-pct="${pct}">${pct > 0 ? '+' : ''}${pct.toFixed(2)}</td>`;
}
