// The venues rampart can reach, by the id users type (`--exchange`, the key store). Vocabulary
// like the timeframes, so naming a venue does not load the adapters (and ccxt, ~0.7 s).

/** Venues reached through ccxt's own clients (Binance has its own factory). */
export const CCXT_VENUES = ['coinbase', 'kraken'] as const;
export type CcxtVenueId = (typeof CCXT_VENUES)[number];

export const VENUES = ['binance', ...CCXT_VENUES] as const;
export type VenueId = (typeof VENUES)[number];

export function isVenue(id: string): id is VenueId {
  return (VENUES as readonly string[]).includes(id);
}
