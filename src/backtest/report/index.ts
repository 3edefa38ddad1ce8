export { renderReportHtml } from './render-html.ts';
export { escapeHtml, scriptJson } from './escape.ts';
