// The fleet's user data streams: one subscription per account (venue and key), shared by the
// exchange instances trading on it, joined before an instance's start-up recovery reads the
// exchange, so nothing that happens meanwhile is missed. Each order change goes to the instance
// whose order it is: its order manager applies it to the journal (a trade counts once, whether the
// stream or a query told first), then its venue reports the fills to the kernel at once, between
// candles too. When the stream drops it is replaced with backoff (exchange/binance-user-stream.ts);
// once it is back, each instance's working orders are reconciled by query, since what the stream
// carried meanwhile is lost. Queries stay the fallback: the venue still reconciles on every candle.
import { NetworkError } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import { BinanceUserStream } from '../exchange/index.ts';
import type { OrderUpdate, SigningClock, UserStreamEvent, VenueCredentials } from '../exchange/index.ts';
import type { OrderManager } from '../execution/index.ts';
import type { ExchangeVenue } from './exchange-venue.ts';
import type { InstanceJournal } from './instance-journal.ts';
import type { Logger } from './log.ts';

/** One instance on an account's stream. */
export interface StreamMember {
  readonly instance: string;
  /** Applies the updates of the instance's orders to the journal. */
  readonly manager: Pick<OrderManager, 'applyUpdate'>;
  /** Where the stream's events are journaled (`user-stream`). */
  readonly journal: InstanceJournal;
  readonly log?: Logger | undefined;
  /** The instance's venue once its runner has made it: fills are reported to the kernel through it. */
  venue?: Pick<ExchangeVenue, 'heard' | 'resync'>;
}

/** How to reach an account's stream. */
export interface AccountStream {
  /** The account: venue, endpoint and key, as one string. */
  readonly account: string;
  /** The venue's WebSocket API endpoint. */
  readonly url: string;
  readonly credentials: VenueCredentials;
  /** The venue clock the account's REST adapter signs with (Exchange.signingClock); absent = our clock. */
  readonly clock?: SigningClock | undefined;
}

interface Subscription {
  readonly stream: BinanceUserStream;
  readonly members: StreamMember[];
  readonly started: Promise<void>;
}

export class AccountStreams {
  private readonly byAccount = new Map<string, Subscription>();

  constructor(private readonly clock: Clock) {}

  /**
   * Adds `member` to the account's stream, subscribing first if this is the account's first member.
   * Resolves once the subscription is acknowledged; when the venue cannot be reached the stream
   * keeps trying in the background and this resolves (false) after a warning: queries cover meanwhile.
   * A refused subscription (a bad key) rejects with the AuthenticationError.
   */
  async join(at: AccountStream, member: StreamMember): Promise<boolean> {
    let subscription = this.byAccount.get(at.account);
    if (subscription === undefined) {
      const members: StreamMember[] = [];
      const stream = new BinanceUserStream({
        url: at.url,
        credentials: at.credentials,
        clock: at.clock ?? this.clock,
        onUpdate: (update) => dispatch(members, update),
        onEvent: (event) => onStreamEvent(members, event),
      });
      subscription = { stream, members, started: stream.start() };
      this.byAccount.set(at.account, subscription);
    }
    subscription.members.push(member);
    try {
      await subscription.started;
      return true;
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      member.log?.warn({ err: error }, 'user data stream not connected yet; orders are followed by query until it is');
      return false;
    }
  }

  /** Ends every subscription. */
  close(): void {
    for (const { stream } of this.byAccount.values()) stream.close();
    this.byAccount.clear();
  }
}

/** Hands the update to the instance whose order it is; a failure is logged, and reconciliation meets it again. */
function dispatch(members: readonly StreamMember[], update: OrderUpdate): void {
  for (const member of members) {
    try {
      const order = member.manager.applyUpdate(update);
      if (order === undefined) continue;
      member.venue?.heard(order.clientOrderId);
      return;
    } catch (error) {
      member.log?.error({ err: error, clientOrderId: update.clientOrderId }, 'an order update from the user data stream could not be applied; the next reconciliation retries it');
      return;
    }
  }
}

/** Journals and logs the stream's event for every member; after a drop, their working orders are reconciled. */
function onStreamEvent(members: readonly StreamMember[], event: UserStreamEvent): void {
  for (const member of members) {
    try {
      member.journal.write('user-stream', event);
    } catch (error) {
      // The store failed: the fleet stops for it (store-guard.ts); nothing to add here.
      member.log?.error({ err: error }, 'user data stream event not journaled');
    }
    if (event.type === 'disconnected') member.log?.warn({ userStream: event }, `user data stream lost: ${event.reason}; again in ${event.retryInMs} ms`);
    else member.log?.info({ userStream: event }, event.afterDrop ? 'user data stream back; working orders reconciled by query' : 'user data stream subscribed');
    if (event.type === 'subscribed' && event.afterDrop) member.venue?.resync();
  }
}
