// The equity path the loss limits read: the peak since start (or since the last resume) for the
// drawdown pause, and the equity at 00:00 UTC for the daily loss, which resets at that boundary as
// Binance's own daily windows do (docs/architecture.md, "Risk").

const DAY_MS = 86_400_000;

export class EquityWatch {
  /** Highest equity seen, quote currency; NaN before the first. */
  peak = NaN;
  /** Equity at the start of the current UTC day, quote currency; NaN before the first. */
  dayStart = NaN;
  /** The current UTC day (ms since epoch / 1 day); NaN before the first. */
  day = NaN;
  /** The last equity seen, quote currency. */
  last = NaN;

  /**
   * Equity `equity` (quote) at `time` (UTC ms). The first value of a new day takes as the day's
   * start the last value of the day before (the equity at the close that ended it), or itself
   * when there is none.
   */
  observe(time: number, equity: number): void {
    const day = Math.floor(time / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dayStart = Number.isNaN(this.last) ? equity : this.last;
    }
    this.last = equity;
    if (!(equity <= this.peak)) this.peak = equity;
  }

  /** The day's loss so far, quote currency (negative for a gain). */
  get dayLoss(): number {
    return this.dayStart - this.last;
  }

  /** Fall from the peak, % of the peak. */
  get drawdownPct(): number {
    return this.peak > 0 ? ((this.peak - this.last) / this.peak) * 100 : 0;
  }

  /** After an operator's resume the drawdown is measured from here. */
  resetPeak(): void {
    this.peak = this.last;
  }
}
