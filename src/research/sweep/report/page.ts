// The frame of the research pages (walk-forward, select): the backtest report's stylesheet and
// card layout, self-contained, no script, so they open offline and print as they look.
import { escapeHtml, REPORT_CSS } from '../../../backtest/report/index.ts';

/** Additions for wide tables of figures; everything else is the backtest report's own style. */
const RESEARCH_CSS = `
.figures{width:auto;max-width:100%}
.figures th,.figures td{padding:4px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.figures th{background:#fafafa;font-weight:600;vertical-align:bottom;white-space:normal}
.figures .l{text-align:left}
.figures td.wrap{white-space:normal;min-width:12em}
.command{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:#333}
.command span{white-space:nowrap}
.figures tr.chosen td{background:#f1f8e9}
.wide{overflow-x:auto}
.verdict{font-weight:600}.pass{color:#2e7d32}.fail{color:#c62828}
.rule{margin:0;color:#444;max-width:110ch}
`;

/** A whole page: `title` and `headline` are text (escaped here); `body` is HTML built by the caller. */
export function researchPage(title: string, headline: string, body: string, footer: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}${RESEARCH_CSS}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <p class="headline">${escapeHtml(headline)}</p>
</header>
${body}
<footer>${escapeHtml(footer)}</footer>
</body>
</html>
`;
}

/** A card with a heading; `html` is trusted markup. */
export function card(heading: string, html: string): string {
  return `<section class="card"><h2>${escapeHtml(heading)}</h2>${html}</section>`;
}

/** A key/value table in the backtest report's style; values are text. */
export function keyValues(rows: readonly (readonly [string, string])[]): string {
  return `<table class="kv">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

/** A table cell: text, or text with a class (e.g. win/loss). */
export type Cell = string | { readonly text: string; readonly className: string };

export interface TableLayout {
  /** Columns of text: left-aligned (the first always is). */
  readonly left?: readonly number[];
  /** Columns whose text may wrap (long labels, verdicts), so wide tables fit a laptop screen. */
  readonly wrap?: readonly number[];
  /** A class per row, e.g. `chosen`. */
  readonly rowClass?: (index: number) => string;
}

/** A table of figures, right-aligned except for the text columns named in `layout`. */
export function figureTable(head: readonly string[], rows: readonly (readonly Cell[])[], layout: TableLayout = {}): string {
  const left = new Set([0, ...(layout.left ?? [])]);
  const wrap = new Set(layout.wrap ?? []);
  const classOf = (i: number, extra = ''): string => {
    const classes = [left.has(i) ? 'l' : '', wrap.has(i) ? 'wrap' : '', extra].filter((c) => c !== '').join(' ');
    return classes === '' ? '' : ` class="${classes}"`;
  };
  const th = head.map((h, i) => `<th${classOf(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row, r) => {
      const cls = layout.rowClass?.(r) ?? '';
      const cells = row.map((cell, i) => `<td${classOf(i, typeof cell === 'string' ? '' : cell.className)}>${escapeHtml(typeof cell === 'string' ? cell : cell.text)}</td>`);
      return `<tr${cls === '' ? '' : ` class="${cls}"`}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="wide"><table class="figures"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A shell command that wraps only between its flags, never inside `--flag value`. */
export function commandLine(command: string): string {
  return `<code class="command">${command
    .split(/ (?=--)/)
    .map((part) => `<span>${escapeHtml(part)}</span>`)
    .join(' ')}</code>`;
}

/** `+12.34%` with a win/loss class; `—` for a missing value. */
export function pctCell(value: number | null | undefined): Cell {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return { text: `${value > 0 ? '+' : ''}${value.toFixed(2)}%`, className: value > 0 ? 'win' : value < 0 ? 'loss' : '' };
}

export function ratio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2);
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
