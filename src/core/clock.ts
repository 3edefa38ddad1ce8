// The only place that reads the system time. Backtests use a simulated clock driven by candles.

export interface Clock {
  /** UTC milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told: the backtest sets it to each candle's close. */
export class SimulatedClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/** Cancels a timer set with `TimerClock.setTimer`; a second call does nothing. */
export type CancelTimer = () => void;

/**
 * A clock that also runs timers on its own time: watchdogs (a stale feed, a silent stream) are
 * driven by it, so a test moves time by hand instead of waiting for it.
 */
export interface TimerClock extends Clock {
  /** Calls `fn` once, `ms` milliseconds from now on this clock. */
  setTimer(ms: number, fn: () => void): CancelTimer;
}

/** The wall clock and Node's timers; its timers do not keep the process alive. */
export const systemTimerClock: TimerClock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A timer clock moved by hand: `advance` runs, in time order, every timer that falls due. */
export class ManualTimerClock implements TimerClock {
  private readonly timers = new Set<{ readonly due: number; readonly fn: () => void }>();

  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    const timer = { due: this.current + Math.max(0, ms), fn };
    this.timers.add(timer);
    return () => void this.timers.delete(timer);
  }

  /** Moves time forward by `ms` (≥ 0), running each timer due on the way at its own time. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      let next: { readonly due: number; readonly fn: () => void } | undefined;
      for (const timer of this.timers) if (timer.due <= end && (next === undefined || timer.due < next.due)) next = timer;
      if (next === undefined) break;
      this.timers.delete(next);
      this.current = next.due;
      next.fn();
    }
    this.current = end;
  }

  /** Timers set and not yet run or canceled. */
  get pending(): number {
    return this.timers.size;
  }
}

/**
 * Milliseconds on a monotonic timer (not a date: only differences mean anything), for latencies
 * that a wall-clock step (NTP) must not distort.
 */
export function monotonicMs(): number {
  return performance.now();
}
