export { renderReportHtml } from './render-html.ts';
export { escapeHtml, scriptJson } from './escape.ts';
export { REPORT_CSS } from './styles.ts';
