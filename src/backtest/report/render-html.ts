// The backtest report: one self-contained HTML file (charts library, data and styles inlined)
// with the config, every metric, candles with trade markers, equity against buy-and-hold,
// drawdown, monthly returns and all trades.
import type { CandleSeries } from '../../core/index.ts';
import type { BacktestResult, Metrics, Trade } from '../types.ts';
import { buyAndHoldCurve } from './buy-and-hold.ts';
import { CHART_LIBRARY_URL, chartLibraryNotice, chartLibrarySource } from './chart-library.ts';
import { CLIENT_SCRIPT } from './client-script.ts';
import { escapeHtml, scriptJson } from './escape.ts';
import { monthlyReturns } from './monthly-returns.ts';
import { monthlyReturnsTable } from './monthly-table.ts';
import { REPORT_CSS } from './styles.ts';
import { strategyDisplayName } from '../../strategies/index.ts';

const METRIC_ROWS: readonly (readonly [keyof Metrics, string, 'pct' | 'money' | 'ratio' | 'days' | 'count' | 'date'])[] = [
  ['totalReturnPct', 'Total return', 'pct'],
  ['buyAndHoldReturnPct', 'Buy & hold return', 'pct'],
  ['cagrPct', 'CAGR', 'pct'],
  ['maxDrawdownPct', 'Max drawdown', 'pct'],
  ['maxDrawdownDurationMs', 'Max drawdown duration', 'days'],
  ['sharpe', 'Sharpe', 'ratio'],
  ['sortino', 'Sortino', 'ratio'],
  ['calmar', 'Calmar', 'ratio'],
  ['winRatePct', 'Win rate', 'pct'],
  ['profitFactor', 'Profit factor', 'ratio'],
  ['expectancy', 'Expectancy per trade', 'money'],
  ['tradeCount', 'Trades', 'count'],
  ['avgTradePct', 'Average trade', 'pct'],
  ['bestTradePct', 'Best trade', 'pct'],
  ['worstTradePct', 'Worst trade', 'pct'],
  ['exposurePct', 'Exposure time', 'pct'],
  ['feesPaid', 'Fees paid', 'money'],
  ['startEquity', 'Start equity', 'money'],
  ['endEquity', 'End equity', 'money'],
  ['candles', 'Candles', 'count'],
  ['startTime', 'Start', 'date'],
  ['endTime', 'End', 'date'],
];

export function renderReportHtml(result: BacktestResult, candles: CandleSeries): string {
  const { config, metrics } = result;
  const params = Object.entries(config.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const title = `${strategyDisplayName(config.strategy)} · ${config.symbol} ${config.timeframe}`;
  const settings: [string, string][] = [
    ['Exchange', config.exchange],
    ['Period', `${isoDate(metrics.startTime)} → ${isoDate(metrics.endTime)}`],
    ['Parameters', params || '—'],
    ['Cash', money(config.cash)],
    ['Fee per side', `${(config.fee * 100).toFixed(3)}%`],
    ['Slippage', `${(config.slippage * 100).toFixed(3)}%`],
    ['Sizing', config.sizing === 'all-in' ? 'all-in' : `${config.sizing} ${config.sizingValue}`],
    ['Fills', config.fill === 'next-open' ? 'next candle open' : 'decision candle close'],
    ['Shorts', config.allowShort ? 'allowed' : 'no (spot)'],
    ['Lot step / tick / min notional', `${config.lotStep} / ${config.tickSize} / ${config.minNotional}`],
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — rampart backtest</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <p class="headline">${headline(metrics)}</p>
</header>
<section class="grid">
  <div class="card"><h2>Settings</h2><table class="kv">${settings.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table></div>
  <div class="card"><h2>Metrics</h2><table class="kv metrics">${METRIC_ROWS.map(([key, label, kind]) => `<tr><th>${label}</th><td class="${tone(key, metrics[key])}">${formatValue(metrics[key], kind)}</td></tr>`).join('')}</table></div>
</section>
<section class="card"><h2>Price and trades</h2><div id="price-chart" class="chart"></div>
  <p class="legend"><span class="long">▲ long entry</span> <span class="short">▼ short entry</span> <span class="win">● winning exit</span> <span class="loss">● losing exit</span> <span id="marker-note"></span></p></section>
<section class="card"><h2>Equity (${escapeHtml(config.symbol)} quote currency)</h2><div id="equity-chart" class="chart"></div>
  <p class="legend"><span class="long">━ strategy</span> <span class="hold">┅ buy &amp; hold (same cash, bought at the first close, no fees)</span></p></section>
<section class="card"><h2>Drawdown (%)</h2><div id="drawdown-chart" class="chart"></div></section>
<section class="card"><h2>Monthly returns (%)</h2>${monthlyReturnsTable(monthlyReturns(result.equity, metrics.startEquity))}</section>
<section class="card"><h2>Trades (${result.trades.length})</h2>${tradeTable(result.trades)}</section>
${listSection(`Data gaps (${result.gaps.length})`, result.gaps.map((g) => `${isoTime(g.from)} → ${isoTime(g.to)}: ${g.missing} candle(s) missing`))}
${listSection(refusedTitle(result), result.rejections.slice(0, REFUSALS_LISTED).map((r) => `${isoTime(r.time)}: ${r.reason}`))}
<footer>rampart backtest report · fills at ${config.fill === 'next-open' ? 'the next open' : 'the close'}, stop assumed before target within a candle · times UTC<br>
${chartAttribution()}</footer>
<script type="application/json" id="report-data">${scriptJson(chartData(result, candles))}</script>
<script>${chartLibrarySource()}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The chart library's attribution notice with the link its licence asks for, as an HTML fragment
 * (class `chart-attribution`), for every page that draws charts with it.
 */
export function chartAttribution(): string {
  return `<span class="chart-attribution">Charts: ${escapeHtml(chartLibraryNotice())} · Apache License 2.0 · <a href="${CHART_LIBRARY_URL}" rel="noopener">tradingview.com</a></span>`;
}

/**
 * Compact arrays (not objects) keep large reports small. Times in UTC seconds, as the charts want.
 * Candles are those of the run (warm-up candles dropped), so all charts hold the same times.
 * Equity rows: [time, equity, drawdown %, buy-and-hold equity].
 */
function chartData(result: BacktestResult, s: CandleSeries): { candles: number[][]; equity: number[][]; trades: (number | string)[][] } {
  const curve = result.equity;
  const candles: number[][] = [];
  const first = curve.length > 0 ? curve.time[0]! : -Infinity;
  for (let i = 0; i < s.length; i++) {
    if (s.time[i]! >= first) candles.push([s.time[i]! / 1000, s.open[i]!, s.high[i]!, s.low[i]!, s.close[i]!]);
  }
  const hold = new Map(buyAndHoldCurve(s, curve, result.metrics.startEquity));
  const equity: number[][] = new Array(curve.length);
  for (let i = 0; i < curve.length; i++) {
    const time = curve.time[i]!;
    equity[i] = [time / 1000, round(curve.equity[i]!, 2), round(curve.drawdownPct[i]!, 3), round(hold.get(time) ?? NaN, 2)];
  }
  const trades = result.trades.map((t) => [t.side === 'long' ? 1 : -1, t.entryTime / 1000, t.exitTime / 1000, Math.abs(t.qty), t.entryPrice, t.pnl, t.returnPct]);
  return { candles, equity, trades };
}

function tradeTable(trades: readonly Trade[]): string {
  if (trades.length === 0) return '<p class="empty">No trades.</p>';
  const rows = trades
    .map(
      (t, i) =>
        `<tr><td>${i + 1}</td><td>${isoTime(t.entryTime)}</td><td>${isoTime(t.exitTime)}</td><td class="${t.side}">${t.side}</td><td>${num(t.qty)}</td><td>${num(t.entryPrice)}</td><td>${num(t.exitPrice)}</td><td>${money(t.fee)}</td><td class="${t.pnl > 0 ? 'win' : 'loss'}">${money(t.pnl)}</td><td class="${t.pnl > 0 ? 'win' : 'loss'}">${t.returnPct.toFixed(2)}%</td><td>${t.exitReason}</td></tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table class="trades"><thead><tr><th>#</th><th>Entry (UTC)</th><th>Exit (UTC)</th><th>Side</th><th>Qty</th><th>Entry</th><th>Exit</th><th>Fee</th><th>PnL</th><th>Return</th><th>Exit reason</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

/** Refused orders listed in the page; the rest are counted (a strategy refused every candle would make the page endless). */
const REFUSALS_LISTED = 50;

function refusedTitle(result: BacktestResult): string {
  const listed = Math.min(result.rejections.length, REFUSALS_LISTED);
  return listed < result.rejectedCount ? `Refused orders (${result.rejectedCount}; the first ${listed} listed, all kept ones in --json)` : `Refused orders (${result.rejectedCount})`;
}

function listSection(title: string, lines: readonly string[]): string {
  if (lines.length === 0) return '';
  return `<section class="card"><h2>${escapeHtml(title)}</h2><ul class="notes">${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul></section>`;
}

function headline(m: Metrics): string {
  const sign = (x: number): string => `${x > 0 ? '+' : ''}${x.toFixed(2)}%`;
  return `Return <b class="${m.totalReturnPct >= 0 ? 'win' : 'loss'}">${sign(m.totalReturnPct)}</b> vs buy &amp; hold ${sign(m.buyAndHoldReturnPct)} · max drawdown ${m.maxDrawdownPct.toFixed(2)}% · Sharpe ${m.sharpe.toFixed(2)} · ${m.tradeCount} trades`;
}

function formatValue(value: number, kind: 'pct' | 'money' | 'ratio' | 'days' | 'count' | 'date'): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '—';
  switch (kind) {
    case 'pct':
      return `${value.toFixed(2)}%`;
    case 'money':
      return money(value);
    case 'ratio':
      return value.toFixed(2);
    case 'days':
      return `${(value / 86_400_000).toFixed(1)} days`;
    case 'count':
      return String(value);
    case 'date':
      return isoTime(value);
  }
}

function tone(key: keyof Metrics, value: number): string {
  if (key === 'totalReturnPct' || key === 'cagrPct' || key === 'expectancy') return value >= 0 ? 'win' : 'loss';
  return '';
}

function money(x: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function num(x: number): string {
  return Number(x.toPrecision(8)).toString();
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
