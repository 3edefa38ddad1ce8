// The object form of an equity curve, for JSON output.
import type { EquityCurve, EquityPoint } from '../core/index.ts';

export function equityPoints(curve: EquityCurve): EquityPoint[] {
  const points: EquityPoint[] = new Array(curve.length);
  for (let i = 0; i < curve.length; i++) {
    points[i] = { time: curve.time[i]!, equity: curve.equity[i]!, drawdownPct: curve.drawdownPct[i]! };
  }
  return points;
}
