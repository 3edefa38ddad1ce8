// Calendar returns of an equity curve: each month's and each year's % change, compounded from
// the equity at the end of the previous period.

import type { EquityCurve } from '../types.ts';

/** One calendar year of returns; months[0] is January; null where the run has no candle. */
export interface YearReturns {
  readonly year: number;
  /** % return per month, null for months outside the run. */
  readonly months: readonly (number | null)[];
  /** % return over the part of the year the run covers (the months compounded). */
  readonly total: number;
}

/**
 * Monthly and yearly % returns of `curve`, oldest year first.
 *
 * A candle belongs to the UTC month in which it opens (the curve's times are open times, the
 * equity is taken at its close). A month's return is its last equity over the last equity of the
 * previous month (`startEquity` for the first month) minus one, so the months of a year compound
 * to the year's total and all years compound to the run's total return. Quote currency in,
 * percent out. Returns [] for an empty curve.
 */
export function monthlyReturns(curve: EquityCurve, startEquity: number): YearReturns[] {
  const years: YearReturns[] = [];
  let before = startEquity;
  let yearStart = startEquity;
  let current: { year: number; months: (number | null)[] } | undefined;
  const close = (end: number): void => {
    if (current !== undefined) years.push({ year: current.year, months: current.months, total: (end / yearStart - 1) * 100 });
  };
  for (let i = 0; i < curve.length; i++) {
    const date = new Date(curve.time[i]!);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const last = i + 1 === curve.length || !sameMonth(date, new Date(curve.time[i + 1]!));
    if (current === undefined || current.year !== year) {
      close(before);
      yearStart = before;
      current = { year, months: new Array<number | null>(12).fill(null) };
    }
    if (!last) continue;
    const end = curve.equity[i]!;
    current.months[month] = (end / before - 1) * 100;
    before = end;
  }
  close(before);
  return years;
}

function sameMonth(a: Date, b: Date): boolean {
  return a.getUTCFullYear() === b.getUTCFullYear() && a.getUTCMonth() === b.getUTCMonth();
}
