// One instance's pen on the fleet journal (store/journal-store.ts): every entry it writes carries
// the instance's name and mode, the wall-clock time, and the candle being handled. The metrics'
// observer hears each entry once it is written, so their counts are the journal's.
import type { Clock } from '../core/index.ts';
import type { InstanceObserver } from '../metrics/index.ts';
import type { JournalKind, JournalStore } from '../store/index.ts';

export class InstanceJournal {
  /** Open time (UTC ms) of the candle being handled; entries written meanwhile belong to it. */
  candleTime: number | undefined;

  constructor(
    private readonly store: Pick<JournalStore, 'append'>,
    readonly instance: string,
    readonly mode: string,
    private readonly clock: Clock,
    private readonly observer?: Pick<InstanceObserver, 'journaled'>,
  ) {}

  /** Writes one entry now (synchronously: it is in the store before the caller acts on it). */
  write(kind: JournalKind, data: unknown): void {
    this.store.append({ instance: this.instance, mode: this.mode, kind, time: this.clock.now(), candleTime: this.candleTime, data });
    this.observer?.journaled(kind, data);
  }
}
