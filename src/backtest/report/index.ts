export { renderReportHtml, chartAttribution } from './render-html.ts';
export { escapeHtml, scriptJson } from './escape.ts';
export { chartLibrarySource, chartLibraryNotice, CHART_LIBRARY_URL } from './chart-library.ts';
export { REPORT_CSS } from './styles.ts';
export { buyAndHoldCurve } from './buy-and-hold.ts';
export { monthlyReturns } from './monthly-returns.ts';
export type { YearReturns } from './monthly-returns.ts';
export { monthlyReturnsTable } from './monthly-table.ts';
export { tradesCsv, TRADES_CSV_HEADER } from './trades-csv.ts';
