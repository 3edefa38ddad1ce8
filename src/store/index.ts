export { openStore } from './store.ts';
export type { Store } from './store.ts';
export { CandleStore } from './candle-store.ts';
export type { StoredSet, Range } from './candle-store.ts';
export { RunStore } from './run-store.ts';
export type { StoredRun, NewRun } from './run-store.ts';
export { SweepStore } from './sweep-store.ts';
export type { StoredSweep, SweepResultRow, SweepStatus } from './sweep-store.ts';
