// Running strategies on live candles: paper sessions today; the fleet, shadow, testnet and live
// modes build on the same kernel.
export { PaperSession } from './paper-session.ts';
export type { PaperSessionOptions, PaperState } from './paper-session.ts';
