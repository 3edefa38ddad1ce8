// The sweep report: one self-contained HTML page with the ranked table, a parameter heatmap and
// the averages by symbol, timeframe and parameter set.
import type { SweepResultRow } from '../../../store/index.ts';
import { escapeHtml } from '../../../backtest/report/index.ts';
import type { GroupSummary } from '../rank.ts';
import { summarize } from '../rank.ts';
import type { SweepOutcome } from '../run-sweep.ts';
import { buildHeatmap, cellColour } from './heatmap.ts';

// Tables sit in .scroll-x wrappers: at laptop widths they fit (headers may wrap), and a very wide
// heatmap scrolls inside its card instead of being cut.
const CSS = `
*{box-sizing:border-box}
body{margin:0;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#f5f6f8}
h1{margin:0 0 4px;font-size:22px}h2{font-size:15px;margin:0 0 10px}
.card{background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:14px 16px;margin-bottom:16px;min-width:0}
.scroll-x{overflow-x:auto;max-width:100%}
table{border-collapse:collapse}th,td{padding:4px 7px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;font-size:13px}
th{background:#fafafa;white-space:normal;vertical-align:bottom}td.l,th.l{text-align:left}
.heat td{border:1px solid #fff;min-width:40px;font-size:12px}.heat th{font-size:12px;white-space:nowrap}
.heat th.corner{text-align:left;font-weight:600}.heat td.none,.swatch.none{background:repeating-linear-gradient(45deg,#f3f3f3 0 4px,#e6e6e6 4px 8px)}
.swatch{display:inline-block;width:14px;height:12px;vertical-align:middle;border:1px solid #ddd}
.legend{font-size:12px;margin:8px 0 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:16px;margin-bottom:16px}
.grid .card{margin-bottom:0}
.muted{color:#666}
`;

/** How to read a sweep honestly, and what rampart checks before it calls anything a winner. */
const METHOD = `<p>The best of thousands of backtests is, by construction, partly luck. rampart checks a winner four ways:</p>
<ul>
<li><b>Out-of-sample degradation</b> — <code>npx rampart walk-forward</code> picks parameters on each in-sample window and reports what they did on the following out-of-sample window, side by side; <code>npx rampart select</code> ranks on the first 75% of the data only and confirms on the held-out 25%. Walk-forward efficiency (out-of-sample over in-sample annualised return) near 1 is robust; near or below 0 is overfit (R. Pardo, <i>The Evaluation and Optimization of Trading Strategies</i>, 2nd ed., Wiley, 2008).</li>
<li><b>Parameter-neighbourhood stability</b> — the median Sharpe of the grid neighbours (one step away in one parameter) over the winner's. A lone spike in the heatmap above is noise, not an edge; a plateau is more likely real.</li>
<li><b>Minimum trade count</b> — winners with few trades are anecdotes; <code>select</code> and <code>walk-forward</code> refuse them (<code>--min-trades</code>).</li>
<li><b>Deflated Sharpe ratio</b> — the probability that the winner's true Sharpe is above zero after allowing for the number of scenarios tried, the dispersion of their Sharpe ratios, and the skew and fat tails of its returns (D. H. Bailey and M. López de Prado, "The Deflated Sharpe Ratio: Correcting for Selection Bias, Backtest Overfitting and Non-Normality", <i>Journal of Portfolio Management</i> 40(5), 2014). 0.95 or more is the usual bar. For the probability of backtest overfitting over many configurations see Bailey, Borwein, López de Prado and Zhu, "The Probability of Backtest Overfitting", <i>Journal of Computational Finance</i> 20(4), 2017.</li>
</ul>
<p>Also run <code>npx rampart check-lookahead --strategy NAME</code>: it re-runs the strategy on truncated data and flags any decision that changes when future candles are removed.</p>`;

export function renderSweepHtml(outcome: SweepOutcome, ranked: readonly SweepResultRow[], metric: string): string {
  const { expansion } = outcome;
  const summary = summarize(outcome.results, outcome.expansion.sweptParams);
  const [x, y] = expansion.sweptParams;
  const heat = x !== undefined && y !== undefined ? heatmapSection(outcome.results, y, x, metric) : '<p class="muted">A heatmap needs two swept parameters.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>rampart sweep #${outcome.sweepId}</title><style>${CSS}</style></head>
<body>
<h1>Sweep #${outcome.sweepId}</h1>
<p class="muted">${outcome.results.length} of ${expansion.scenarios.length} scenarios · swept ${escapeHtml(expansion.sweptParams.join(', ') || 'nothing')} · ranked by ${escapeHtml(metric)}${expansion.skippedCombinations > 0 ? ` · ${expansion.skippedCombinations} invalid combinations skipped` : ''}</p>
<section class="card"><h2>Heatmap: average ${escapeHtml(metric)}</h2>${heat}</section>
<section class="grid">
  <div class="card"><h2>By timeframe</h2>${groupTable(summary.byTimeframe)}</div>
  <div class="card"><h2>By symbol</h2>${groupTable(summary.bySymbol)}</div>
</section>
<section class="card"><h2>Parameter sets, averaged over symbols and timeframes (top 20)</h2>${groupTable(summary.byParams.slice(0, 20))}</section>
<section class="card"><h2>Top 50 scenarios by ${escapeHtml(metric)}</h2>${rankedTable(ranked.slice(0, 50), expansion.sweptParams)}</section>
<section class="card"><h2>Before trusting a winner</h2>${METHOD}</section>
</body></html>
`;
}

function heatmapSection(rows: readonly SweepResultRow[], rowParam: string, columnParam: string, metric: string): string {
  const map = buildHeatmap(rows, columnParam, rowParam, metric);
  if (map.xs.length === 0) return `<p class="muted">No scenario has a finite ${escapeHtml(metric)} to map.</p>`;
  const diff = map.rowEncoding === 'difference';
  const rowValue = (yv: number, xv: number): number => (diff ? Number((yv + xv).toPrecision(12)) : yv);
  const head = `<tr><th class="corner">${escapeHtml(map.rowLabel)} ↓ &nbsp; ${escapeHtml(columnParam)} →</th>${map.xs.map((v) => `<th>${v}</th>`).join('')}</tr>`;
  const body = map.ys
    .map((yv, yi) => {
      const cells = map.cells[yi]!.map((value, xi) => {
        const xv = map.xs[xi]!;
        const pair = `data-x="${xv}" data-y="${rowValue(yv, xv)}"`;
        if (value === null) return `<td class="none" ${pair} title="no scenario with ${escapeHtml(`${columnParam}=${xv} ${rowParam}=${rowValue(yv, xv)}`)}"></td>`;
        const what = `${columnParam}=${xv} ${rowParam}=${rowValue(yv, xv)}: average ${metric} ${value.toFixed(3)} over ${map.counts[yi]![xi]} scenario(s)`;
        return `<td ${pair} style="background:${cellColour(value, map.min, map.max)}" title="${escapeHtml(what)}">${value.toFixed(Math.abs(value) >= 100 ? 0 : 2)}</td>`;
      });
      return `<tr><th>${yv}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const note = diff
    ? `Rows are <b>${escapeHtml(map.rowLabel)}</b>, not ${escapeHtml(rowParam)} itself: ${escapeHtml(rowParam)}'s range follows ${escapeHtml(columnParam)}, so each ${escapeHtml(columnParam)} has its own ${escapeHtml(rowParam)} values and a grid of raw values would be mostly holes. A cell is ${escapeHtml(rowParam)} = ${escapeHtml(columnParam)} + row. `
    : '';
  return `<div class="scroll-x"><table class="heat" data-row-encoding="${map.rowEncoding}">${head}\n${body}</table></div>
<p class="muted legend">${note}Each cell averages ${escapeHtml(metric)} over every other parameter, symbol, timeframe and window (hover for the count); green above zero, red below, from ${fixed(map.min)} to ${fixed(map.max)}. <span class="swatch none"></span> no scenario has that pair (outside the swept ranges, refused by the strategy's rules such as fast &lt; slow, or not drawn by a sample).</p>`;
}

function groupTable(groups: readonly GroupSummary[]): string {
  const rows = groups
    .map(
      (g) =>
        `<tr><td class="l">${escapeHtml(g.key)}</td><td>${g.scenarios}</td><td>${pct(g.avgReturnPct)}</td><td>${g.avgSharpe.toFixed(2)}</td><td>${pct(g.avgMaxDrawdownPct)}</td><td>${g.avgTrades.toFixed(1)}</td><td>${(g.profitableShare * 100).toFixed(0)}%</td></tr>`,
    )
    .join('');
  return `<div class="scroll-x"><table><tr><th class="l">group</th><th>scenarios</th><th>avg return</th><th>avg Sharpe</th><th>avg max DD</th><th>avg trades</th><th>profitable</th></tr>${rows}</table></div>`;
}

function rankedTable(rows: readonly SweepResultRow[], params: readonly string[]): string {
  const body = rows
    .map((row, i) => {
      const m = row.metrics;
      return `<tr><td>${i + 1}</td><td class="l">${escapeHtml(row.symbol)}</td><td class="l">${escapeHtml(row.timeframe)}</td>${params.map((p) => `<td>${escapeHtml(String(row.params[p]))}</td>`).join('')}<td>${pct(m['totalReturnPct'])}</td><td>${fixed(m['sharpe'])}</td><td>${pct(m['maxDrawdownPct'])}</td><td>${m['tradeCount'] ?? ''}</td><td>${pct(m['winRatePct'])}</td></tr>`;
    })
    .join('\n');
  return `<div class="scroll-x"><table><tr><th>#</th><th class="l">symbol</th><th class="l">tf</th>${params.map((p) => `<th>${escapeHtml(p)}</th>`).join('')}<th>return</th><th>Sharpe</th><th>max DD</th><th>trades</th><th>win rate</th></tr>\n${body}</table></div>`;
}

function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value > 0 ? '+' : ''}${value.toFixed(1)}%`;
}

function fixed(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(2);
}
