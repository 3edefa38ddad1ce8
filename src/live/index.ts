// Running strategies on live candles: paper sessions on the simulated venue, and the exchange
// venue (the order manager over an Exchange adapter) that testnet and live runs trade through;
// the fleet and shadow modes build on the same kernel.
export { PaperSession } from './paper-session.ts';
export type { PaperSessionOptions, PaperState } from './paper-session.ts';
export { ExchangeVenue } from './exchange-venue.ts';
export type { ExchangeVenueOptions } from './exchange-venue.ts';
export { ClosedCandleFeed } from './closed-candle-feed.ts';
export type { CandleOrigin, ClosedCandleFeedOptions, FeedEvent } from './closed-candle-feed.ts';
export { createLog } from './log.ts';
export type { FleetLog, Logger, LogLevel, LogOptions } from './log.ts';
