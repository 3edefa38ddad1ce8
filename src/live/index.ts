// Running strategies on live candles: paper sessions on the simulated venue, and the exchange
// venue (the order manager over an Exchange adapter) that testnet and live runs trade through;
// the fleet and shadow modes build on the same kernel.
export { PaperSession } from './paper-session.ts';
export type { PaperSessionOptions, PaperState } from './paper-session.ts';
export { ExchangeVenue } from './exchange-venue.ts';
export type { ExchangeVenueOptions } from './exchange-venue.ts';
export { KillSwitch, EMERGENCY_STOP_FILE, carryOutPending, describeOutcome } from './kill-switch.ts';
export type { KillOutcome, KillSwitchOptions } from './kill-switch.ts';
export { cancelOpenOrders, sellPosition, positionOnRecord } from './kill-actions.ts';
export type { CancelReport, KillTarget, SellReport } from './kill-actions.ts';
