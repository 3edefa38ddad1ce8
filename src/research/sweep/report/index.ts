export { renderSweepHtml } from './render.ts';
export { buildHeatmap } from './heatmap.ts';
export type { Heatmap } from './heatmap.ts';
export { renderWalkForwardHtml } from './walk-forward-html.ts';
export type { WalkForwardReport } from './walk-forward-html.ts';
export { card, commandLine, figureTable, isoDay, keyValues, pctCell, ratio, researchPage } from './page.ts';
export type { Cell, TableLayout } from './page.ts';
