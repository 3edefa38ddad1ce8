// ADX with +DI/−DI, as TA-Lib's ADX, PLUS_DI and MINUS_DI (Wilder): directional movement and true
// range are summed over the first period - 1 changes, then smoothed as s - s/n + x. DI starts at
// index `period`; ADX is the mean of the first `period` DX values (index 2·period - 1), then
// Wilder-smoothed.
// Departures from TA-Lib, so that the values do not depend on the price scale: the smoothed true
// range counts as zero (DI = 0) within 1e-10 of the price (core/float-tie.ts) instead of TA-Lib's
// absolute 1e-8 (TA_IS_ZERO), which zeroed the DIs of coins quoted near 1e-5; and an up-move and a
// down-move equal up to float noise are a tie (neither is directional movement, as for an exact tie
// in TA-Lib), where TA-Lib's exact comparison lets the noise of decimal prices pick a side.
// TA-Lib's 1e-8 on the DI sum stays: DIs are percentages, the same at every price scale.
import { isTie, RELATIVE_TIE } from '../core/index.ts';
import type { Candle } from '../core/index.ts';
import { checkPeriod } from './period.ts';
import { trueRange } from './true-range.ts';

export interface AdxResult {
  readonly adx: Float64Array;
  readonly plusDI: Float64Array;
  readonly minusDI: Float64Array;
}

export class Adx {
  value = NaN;
  plusDI = NaN;
  minusDI = NaN;
  private previousHigh = NaN;
  private previousLow = NaN;
  private previousClose = NaN;
  private changes = 0;
  private plusDM = 0;
  private minusDM = 0;
  private tr = 0;
  private sumDX = 0;

  constructor(readonly period: number) {
    checkPeriod('period', period);
  }

  update(candle: Candle): number {
    return this.step(candle.high, candle.low, candle.close);
  }

  /** Returns the ADX; `plusDI` and `minusDI` are fields. */
  step(high: number, low: number, close: number): number {
    const prevHigh = this.previousHigh;
    const prevLow = this.previousLow;
    const prevClose = this.previousClose;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = close;
    if (Number.isNaN(prevClose)) return this.value;
    const n = this.period;
    const up = high - prevHigh;
    const down = prevLow - low;
    const tie = isTie(up, down, high);
    const plus = up > 0 && up > down && !tie ? up : 0;
    const minus = down > 0 && up < down && !tie ? down : 0;
    const range = trueRange(high, low, prevClose);
    this.changes++;
    if (this.changes < n) {
      this.plusDM += plus;
      this.minusDM += minus;
      this.tr += range;
      return this.value;
    }
    this.plusDM = this.plusDM - this.plusDM / n + plus;
    this.minusDM = this.minusDM - this.minusDM / n + minus;
    this.tr = this.tr - this.tr / n + range;
    let dx = NaN;
    if (!(this.tr > RELATIVE_TIE * close)) {
      this.plusDI = 0;
      this.minusDI = 0;
    } else {
      this.plusDI = 100 * (this.plusDM / this.tr);
      this.minusDI = 100 * (this.minusDM / this.tr);
      const sum = this.plusDI + this.minusDI;
      if (!(sum > -1e-8 && sum < 1e-8)) dx = 100 * (Math.abs(this.minusDI - this.plusDI) / sum);
    }
    if (this.changes < 2 * n) {
      if (!Number.isNaN(dx)) this.sumDX += dx;
      if (this.changes === 2 * n - 1) this.value = this.sumDX / n;
      return this.value;
    }
    if (!Number.isNaN(dx)) this.value = (this.value * (n - 1) + dx) / n;
    return this.value;
  }

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  reset(): void {
    this.previousHigh = NaN;
    this.previousLow = NaN;
    this.previousClose = NaN;
    this.changes = 0;
    this.plusDM = 0;
    this.minusDM = 0;
    this.tr = 0;
    this.sumDX = 0;
    this.value = NaN;
    this.plusDI = NaN;
    this.minusDI = NaN;
  }
}

export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period: number): AdxResult {
  const indicator = new Adx(period);
  const n = close.length;
  const out = { adx: new Float64Array(n), plusDI: new Float64Array(n), minusDI: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.adx[i] = indicator.step(high[i]!, low[i]!, close[i]!);
    out.plusDI[i] = indicator.plusDI;
    out.minusDI[i] = indicator.minusDI;
  }
  return out;
}
