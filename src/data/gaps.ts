// Gaps: consecutive candles further apart than one timeframe. A gap is a warning, not an error:
// exchanges have outages, other markets have weekends.
import type { Gap } from './types.ts';

export function findGaps(time: ArrayLike<number>, timeframeMs: number): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < time.length; i++) {
    const step = time[i]! - time[i - 1]!;
    if (step > timeframeMs) gaps.push({ from: time[i - 1]!, to: time[i]!, missing: Math.round(step / timeframeMs) - 1 });
  }
  return gaps;
}

export function formatGap(gap: Gap): string {
  const iso = (ms: number): string => new Date(ms).toISOString().replace(':00.000Z', 'Z');
  return `gap after ${iso(gap.from)} until ${iso(gap.to)}: ${gap.missing} candle(s) missing`;
}
