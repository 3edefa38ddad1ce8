// An order as the execution layer keeps it on record: the intent written before it is sent,
// and what the venue has reported since. Shared by the order manager and the stores it writes to.

export interface OrderRecord {
  readonly clientOrderId: string;
  readonly instance: string;
  readonly seq: number;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly kind: 'market' | 'limit';
  /** Decimal strings, rounded to the market's filters. */
  readonly amount: string;
  readonly price: string | null;
  readonly timeInForce: string | null;
  readonly decisionPrice: number;
  status: string;
  venueId: string | null;
  /** JSON of the fills applied so far. */
  fills: string;
  rejectReason: string | null;
  /** How many times the order was sent (a resend after "not found" reuses the clientOrderId). */
  sends: number;
  readonly createdAt: number;
  updatedAt: number;
}
