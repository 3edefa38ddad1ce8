export { renderSweepHtml } from './render.ts';
export { buildHeatmap } from './heatmap.ts';
export type { Heatmap } from './heatmap.ts';
