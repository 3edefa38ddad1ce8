// The selection page: the rule, every candidate the rule looked at with its evidence, and the
// deployment backtests (the settings as written) next to the sweep's evidence for the winner.
import { escapeHtml } from '../../backtest/report/index.ts';
import { card, commandLine, figureTable, isoDay, keyValues, pctCell, ratio, researchPage } from '../sweep/report/index.ts';
import type { Cell } from '../sweep/report/index.ts';
import type { SweepSpec } from '../sweep/spec.ts';
import type { Metrics } from '../../core/index.ts';
import type { DeploymentCheck } from './deployment.ts';
import { describeSettings, reproduceCommand } from './deployment.ts';
import type { Selection } from './select.ts';
import { SELECTION_RULE } from './select.ts';

export interface SelectionReport {
  readonly spec: SweepSpec;
  readonly selection: Selection;
  /** Candles before the hold-out that only warmed the strategy up. */
  readonly warmup: number;
  /** The deployment backtests of the winner (or of the in-sample leader when none won). */
  readonly deployment?: DeploymentCheck;
  /** Where the deployment config was written; null when nothing was. */
  readonly configFile: string | null;
  /** The rule that failed, when one did. */
  readonly refusal: string | null;
}

export function renderSelectionHtml(report: SelectionReport): string {
  const { selection, deployment } = report;
  const chosen = selection.winner ?? selection.candidates[0];
  const title = `Selection · ${report.spec.strategy} · sweep #${selection.sweepId}`;
  const headline =
    report.refusal === null && chosen !== undefined
      ? `Winner ${chosen.symbol} ${chosen.timeframe} ${params(chosen.params)}; its deployment passed the hold-out.`
      : `Nothing deployable: ${report.refusal ?? 'no candidate'}.`;
  const settings = keyValues([
    ['In-sample', `data start → ${isoDay(selection.split)}`],
    ['Hold-out', `${isoDay(selection.split)} → data end`],
    ['Warm-up', `${deployment?.warmup ?? report.warmup} candles before ${isoDay(selection.split)}`],
    ['Symbols', report.spec.symbols.join(', ')],
    ['Timeframes', report.spec.timeframes.join(', ')],
    ['Fee / slippage', `${(report.spec.fee * 100).toFixed(3)}% / ${(report.spec.slippage * 100).toFixed(3)}%`],
    ['Deployment config', report.configFile ?? 'not written'],
  ]);
  const body = [
    `<section class="grid"><div class="card"><h2>Settings</h2>${settings}</div><div class="card"><h2>Rule</h2><p class="rule">${escapeHtml(SELECTION_RULE)}</p></div></section>`,
    deployment === undefined || chosen === undefined ? '' : card('Deployment as written vs the sweep\'s evidence', deploymentSection(chosen, deployment)),
    card(`Candidates, best in-sample first (${selection.candidates.length})`, candidateTable(selection)),
  ].join('\n');
  return researchPage(title, headline, body, 'rampart selection report · times UTC · returns net of fees');
}

function deploymentSection(chosen: NonNullable<Selection['winner']>, check: DeploymentCheck): string {
  const head = ['Settings', 'IS return', 'IS Sharpe', 'IS trades', 'IS max DD', 'Hold-out return', 'Hold-out Sharpe', 'Hold-out trades', 'Hold-out max DD', 'Verdict'];
  const row = (label: string, is: Readonly<Record<string, number | null>>, oos: Readonly<Record<string, number | null>>, verdict: Cell): Cell[] => [
    label,
    pctCell(is['totalReturnPct']),
    ratio(is['sharpe']),
    String(is['tradeCount'] ?? '—'),
    pctCell(is['maxDrawdownPct']),
    pctCell(oos['totalReturnPct']),
    ratio(oos['sharpe']),
    String(oos['tradeCount'] ?? '—'),
    pctCell(oos['maxDrawdownPct']),
    verdict,
  ];
  const table = figureTable(
    head,
    [
    row('sweep evidence (sweep\'s settings)', chosen.inSample, chosen.outOfSample, chosen.passed ? { text: 'pass', className: 'verdict pass' } : { text: 'fail', className: 'verdict fail' }),
    row('deployment as written', metricRecord(check.inSample), metricRecord(check.holdout), check.passed ? { text: 'pass', className: 'verdict pass' } : { text: 'fail', className: 'verdict fail' }),
    ],
    { wrap: [0], left: [9] },
  );
  const notes = [`Deployment: ${describeSettings(check)}.`, ...check.reasons].map((line) => `<li>${escapeHtml(line)}</li>`);
  notes.push(`<li>Reproduce the hold-out run: ${commandLine(reproduceCommand(check.config))}</li>`);
  return `${table}<ul class="notes">${notes.join('')}</ul>`;
}

function candidateTable(selection: Selection): string {
  const head = ['Candidate', 'IS Sharpe', 'IS return', 'IS trades', 'Hold-out Sharpe', 'Hold-out return', 'OOS / IS Sharpe', 'Neighbours', 'Deflated Sharpe', 'Trials', 'Verdict'];
  const rows = selection.candidates.map((c) => [
    `${c.symbol} ${c.timeframe} ${params(c.params)}`,
    ratio(c.inSample['sharpe']),
    pctCell(c.inSample['totalReturnPct']),
    String(c.inSample['tradeCount'] ?? '—'),
    ratio(c.outOfSample['sharpe']),
    pctCell(c.outOfSample['totalReturnPct']),
    `×${ratio(c.degradation)}`,
    `${(c.stability * 100).toFixed(0)}%`,
    ratio(c.deflatedSharpe),
    String(c.trials),
    c.passed ? { text: 'pass', className: 'verdict pass' } : { text: c.reasons.join('; '), className: 'fail' },
  ]);
  const winnerIndex = selection.winner === undefined ? -1 : selection.candidates.indexOf(selection.winner);
  return figureTable(head, rows, { left: [10], wrap: [0, 10], rowClass: (i) => (i === winnerIndex ? 'chosen' : '') });
}

function metricRecord(m: Metrics): Readonly<Record<string, number | null>> {
  return m as unknown as Readonly<Record<string, number | null>>;
}

function params(p: Readonly<Record<string, number | boolean | string>>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

