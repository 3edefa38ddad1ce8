// MACD as TA-Lib's TA_MACD: the fast EMA is seeded so that it starts on the same candle as the
// slow EMA (its seed SMA covers the `fast` values ending there); the signal is an SMA-seeded EMA
// of the MACD line; all three outputs start at index slow + signal - 2.
import { checkPeriod } from './period.ts';
import { Ema } from './ema.ts';

export interface MacdResult {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

export class Macd {
  /** The MACD line (NaN until the signal line is ready, as TA-Lib outputs it). */
  value = NaN;
  signal = NaN;
  histogram = NaN;
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  private readonly fastStart: number;
  private count = 0;

  constructor(fast: number, slow: number, signal: number) {
    checkPeriod('fast', fast);
    checkPeriod('slow', slow);
    checkPeriod('signal', signal);
    // TA-Lib swaps the periods when slow < fast.
    const [f, s] = slow < fast ? [slow, fast] : [fast, slow];
    this.fastEma = new Ema(f);
    this.slowEma = new Ema(s);
    this.signalEma = new Ema(signal);
    this.fastStart = s - f;
  }

  update(x: number): number {
    const slow = this.slowEma.update(x);
    const fast = this.count >= this.fastStart ? this.fastEma.update(x) : NaN;
    this.count++;
    if (Number.isNaN(slow)) return this.value;
    const line = fast - slow;
    const signal = this.signalEma.update(line);
    if (!Number.isNaN(signal)) {
      this.value = line;
      this.signal = signal;
      this.histogram = line - signal;
    }
    return this.value;
  }

  get ready(): boolean {
    return !Number.isNaN(this.signal);
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.count = 0;
    this.value = NaN;
    this.signal = NaN;
    this.histogram = NaN;
  }
}

export function macd(values: Float64Array, fast: number, slow: number, signal: number): MacdResult {
  const indicator = new Macd(fast, slow, signal);
  const n = values.length;
  const out = { macd: new Float64Array(n), signal: new Float64Array(n), histogram: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.macd[i] = indicator.update(values[i]!);
    out.signal[i] = indicator.signal;
    out.histogram[i] = indicator.histogram;
  }
  return out;
}
