// Running strategies on live candles: the fleet (instances of a fleet file in one process, each in
// its mode: shadow, paper, testnet; canary and live behind the live-access gate), the paper
// session on the simulated venue, the exchange venue (the order manager over an Exchange
// adapter) that testnet and live runs trade through, and the journal every instance writes.
export { PaperSession } from './paper-session.ts';
export type { PaperSessionOptions, PaperState } from './paper-session.ts';
export { ExchangeVenue } from './exchange-venue.ts';
export type { ExchangeVenueOptions } from './exchange-venue.ts';
export { Fleet, instanceRiskSettings, withCanaryCaps } from './fleet.ts';
export type { FleetOptions } from './fleet.ts';
export type { FeedStatus, InstanceStatus, RunnerState } from './instance-runner.ts';
export { checkLiveAccess, isRealMoney, openKeyStore } from './live-access.ts';
export type { LiveAccessOptions } from './live-access.ts';
export { ShadowVenue } from './shadow-venue.ts';
export { describeIntent } from './journaling-strategy.ts';
export { KillSwitch, EMERGENCY_STOP_FILE, carryOutPending, describeOutcome } from './kill-switch.ts';
export { InstanceLocks, lockDir, runningInstances } from './instance-lock.ts';
export type { RunningInstance } from './instance-lock.ts';
export type { KillOutcome, KillSwitchOptions } from './kill-switch.ts';
export { cancelOpenOrders, sellPosition, positionOnRecord } from './kill-actions.ts';
export type { CancelReport, KillTarget, SellReport } from './kill-actions.ts';
export { ClosedCandleFeed, MIN_STALE_MS, staleBoundMs } from './closed-candle-feed.ts';
export type { CandleOrigin, ClosedCandleFeedOptions, FeedEvent } from './closed-candle-feed.ts';
export { summarizeSlippage } from './slippage.ts';
export type { SlippageSummary, TradeSlippage } from './slippage.ts';
export { createLog } from './log.ts';
export type { FleetLog, Logger, LogLevel, LogOptions } from './log.ts';
export { sessionEntries, statusFromJournal, tradesFromJournal } from './journal-status.ts';
export type { TradeRow } from './journal-status.ts';
