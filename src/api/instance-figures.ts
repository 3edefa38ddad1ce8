// The figures the dashboard shows beside each instance's status, computed once here rather than
// by every browser: drawdown from the equity peak of the instance's latest run, exposure at the
// last close and the count of open exchange orders. The peak is kept per instance and brought up
// to date from the journal's balance entries written since the last look, so a refresh reads only
// what is new.
import type { InstanceStatus } from '../live/index.ts';
import type { LiveStore } from '../store/index.ts';

/** An instance's status with the figures computed beside it. */
export interface InstanceFigures extends InstanceStatus {
  /** Fall of equity below the peak of its latest run, a fraction of the peak (0.05 = 5%); null before its first balance. */
  readonly drawdown: number | null;
  /** Absolute position valued at the last close, quote currency; null before its first balance. */
  readonly exposure: number | null;
  /** Exchange orders not final (none for paper and shadow instances, whose orders are simulated). */
  readonly openOrders: number;
}

interface Peak {
  /** The journal id of the run's start entry the peak belongs to. */
  startId: number;
  /** The newest balance entry read. */
  lastId: number;
  peak: number;
  /** The last balance's close, quote currency. */
  price: number;
}

interface Balance {
  readonly equity?: number;
  readonly price?: number;
}

/** Keeps each instance's equity peak, read incrementally from the journal. */
export class FigureTracker {
  private readonly peaks = new Map<string, Peak>();

  constructor(private readonly live: Pick<LiveStore, 'journal' | 'orders'>) {}

  /** `statuses` with drawdown, exposure and open orders added. */
  figures(statuses: readonly InstanceStatus[]): InstanceFigures[] {
    const starts = new Map(this.live.journal.latest('start').map((entry) => [entry.instance, entry.id]));
    return statuses.map((status) => {
      const peak = this.update(status.instance, starts.get(status.instance) ?? 0);
      const seen = peak.lastId > peak.startId;
      // A fleet in this process may be a candle ahead of its last balance entry.
      const top = Math.max(peak.peak, status.equity);
      return {
        ...status,
        drawdown: seen && top > 0 ? Math.max(0, 1 - status.equity / top) : null,
        exposure: seen ? Math.abs(status.position * peak.price) : null,
        openOrders: this.live.orders.notFinal(status.instance).length,
      };
    });
  }

  private update(instance: string, startId: number): Peak {
    let peak = this.peaks.get(instance);
    if (peak === undefined || peak.startId !== startId) {
      peak = { startId, lastId: startId, peak: -Infinity, price: 0 };
      this.peaks.set(instance, peak);
    }
    for (const entry of this.live.journal.list({ instances: [instance], kinds: ['balance'], afterId: peak.lastId })) {
      const balance = entry.data as Balance;
      if (typeof balance.equity === 'number' && balance.equity > peak.peak) peak.peak = balance.equity;
      peak.price = typeof balance.price === 'number' ? balance.price : peak.price;
      peak.lastId = entry.id;
    }
    return peak;
  }
}
