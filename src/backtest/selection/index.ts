export { selectWinner, SELECTION_RULE } from './select.ts';
export type { Selection, Candidate, SelectionOptions } from './select.ts';
export { deploymentConfig, DEPLOY_DEFAULTS } from './deploy-config.ts';
export { deflatedSharpe, expectedMaxSharpe, returnMoments } from './deflated-sharpe.ts';
export type { ReturnMoments } from './deflated-sharpe.ts';
export { neighbourhoodStability } from './neighbours.ts';
export { normalCdf, normalInverse } from './normal.ts';
