// The walk-forward page: every window's in-sample winner next to what it did out of sample, with
// the summary and the method, as one self-contained HTML file.
import type { SweepResultRow } from '../../../store/index.ts';
import type { WalkForwardMode, WalkForwardSummary, WalkForwardWindow, WindowPick } from '../walk-forward.ts';
import { card, figureTable, isoDay, keyValues, pctCell, ratio, researchPage } from './page.ts';
import { strategyDisplayName } from '../../../strategies/index.ts';

export interface WalkForwardReport {
  readonly sweepId: number;
  readonly strategy: string;
  readonly mode: WalkForwardMode;
  readonly windows: readonly WalkForwardWindow[];
  readonly picks: readonly WindowPick[];
  readonly summary: WalkForwardSummary;
  /** The metric that picked each in-sample winner. */
  readonly metric: string;
  readonly minTrades: number;
  readonly sweptParams: readonly string[];
  /** Candles before each window that only warmed the strategy up. */
  readonly warmup: number;
}

export function renderWalkForwardHtml(report: WalkForwardReport): string {
  const { summary } = report;
  const title = `Walk-forward · ${strategyDisplayName(report.strategy)} · sweep #${report.sweepId}`;
  const headline =
    `${report.mode} windows, ${report.windows.length} out-of-sample windows: in-sample ${pctText(summary.meanInSampleReturnPct)} (Sharpe ${ratio(summary.meanInSampleSharpe)}) → ` +
    `out-of-sample ${pctText(summary.meanOutOfSampleReturnPct)} (Sharpe ${ratio(summary.meanOutOfSampleSharpe)}); efficiency ${ratio(summary.efficiency)}; ` +
    `${summary.profitableOutOfSample}/${summary.picks} out-of-sample windows profitable`;
  const settings = keyValues([
    ['Mode', report.mode === 'rolling' ? 'rolling (the in-sample window slides)' : 'anchored (every in-sample window starts at the beginning)'],
    ['Windows', String(report.windows.length)],
    ['Winner picked by', `in-sample ${report.metric}, at least ${report.minTrades} trades`],
    ['Warm-up', `${report.warmup} candles before each window`],
    ['Swept parameters', report.sweptParams.join(', ') || '—'],
  ]);
  const figures = keyValues([
    ['Mean in-sample return', pctText(summary.meanInSampleReturnPct)],
    ['Mean out-of-sample return', pctText(summary.meanOutOfSampleReturnPct)],
    ['Mean in-sample Sharpe', ratio(summary.meanInSampleSharpe)],
    ['Mean out-of-sample Sharpe', ratio(summary.meanOutOfSampleSharpe)],
    ['Walk-forward efficiency', ratio(summary.efficiency)],
    ['Profitable out-of-sample windows', `${summary.profitableOutOfSample} of ${summary.picks}`],
  ]);
  const windowRows = report.windows.map((w) => [String(w.index + 1), `${isoDay(w.isFrom)} → ${isoDay(w.isTo)}`, `${isoDay(w.oosFrom)} → ${isoDay(w.oosTo)}`]);
  const body = [
    `<section class="grid"><div class="card"><h2>Settings</h2>${settings}</div><div class="card"><h2>Summary</h2>${figures}</div></section>`,
    card('Windows', figureTable(['Window', 'In-sample', 'Out-of-sample'], windowRows, { left: [1, 2] })),
    card(`In-sample winners and their out-of-sample results (${report.picks.length})`, picksTable(report)),
    card(
      'How to read this',
      `<p class="rule">Each window's grid runs on its in-sample period only; the winner by ${report.metric} is then judged on the out-of-sample period that follows, which the pick never saw. ` +
        'Walk-forward efficiency is the mean out-of-sample annualised return over the mean in-sample one: near 1 is robust, near or below 0 is overfit ' +
        '(R. Pardo, <i>The Evaluation and Optimization of Trading Strategies</i>, 2nd ed., Wiley, 2008).</p>',
    ),
  ].join('\n');
  return researchPage(title, headline, body, 'rampart walk-forward report · times UTC · returns net of fees');
}

function picksTable(report: WalkForwardReport): string {
  const m = report.metric;
  const head = ['Set', 'Window', 'Winner', 'IS return', `IS ${m}`, 'IS trades', 'OOS return', `OOS ${m}`, 'OOS trades', 'OOS max DD'];
  const rows = report.picks.map((p) => [
    `${p.symbol} ${p.timeframe}`,
    String(p.window.index + 1),
    p.inSample === undefined ? `no set with ${report.minTrades}+ trades` : report.sweptParams.map((name) => `${name}=${p.inSample!.params[name]}`).join(' '),
    pctCell(value(p.inSample, 'totalReturnPct')),
    ratio(value(p.inSample, m)),
    count(value(p.inSample, 'tradeCount')),
    pctCell(value(p.outOfSample, 'totalReturnPct')),
    ratio(value(p.outOfSample, m)),
    count(value(p.outOfSample, 'tradeCount')),
    pctCell(value(p.outOfSample, 'maxDrawdownPct')),
  ]);
  return figureTable(head, rows, { left: [2], wrap: [2] });
}

function value(row: SweepResultRow | undefined, metric: string): number | null {
  return row?.metrics[metric] ?? null;
}

function count(v: number | null): string {
  return v === null ? '—' : String(v);
}

function pctText(v: number): string {
  return `${v > 0 ? '+' : ''}${v.toFixed(2)}%`;
}
