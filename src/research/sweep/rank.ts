// Ranking sweep results by a metric, and averaging them by symbol, timeframe and parameter set
// ("best timeframe 4h: +62%").
import { InputError } from '../../core/index.ts';
import type { SweepResultRow } from '../../store/index.ts';
import type { Metrics } from '../../core/index.ts';

const METRICS_LOWER_IS_BETTER = new Set(['maxDrawdownDurationMs', 'feesPaid']);
const RANKABLE = [
  'totalReturnPct',
  'cagrPct',
  'sharpe',
  'sortino',
  'calmar',
  'maxDrawdownPct',
  'maxDrawdownDurationMs',
  'winRatePct',
  'profitFactor',
  'expectancy',
  'tradeCount',
  'avgTradePct',
  'exposurePct',
  'feesPaid',
] as const satisfies readonly (keyof Metrics)[];

export type RankMetric = (typeof RANKABLE)[number];

export function parseRankMetric(name: string): RankMetric {
  const found = RANKABLE.find((metric) => metric === name);
  if (found === undefined) throw new InputError(`cannot rank by '${name}' (one of ${RANKABLE.join(', ')})`, { field: 'rank' });
  return found;
}

/** Best first; a missing (null) metric ranks last; ties keep the scenario order. */
export function rankResults(rows: readonly SweepResultRow[], metric: RankMetric): SweepResultRow[] {
  const sign = METRICS_LOWER_IS_BETTER.has(metric) ? 1 : -1;
  const value = (row: SweepResultRow): number => row.metrics[metric] ?? (sign < 0 ? -Infinity : Infinity);
  return [...rows].sort((a, b) => sign * (value(a) - value(b)) || a.position - b.position);
}

export interface GroupSummary {
  readonly key: string;
  readonly scenarios: number;
  readonly avgReturnPct: number;
  readonly avgSharpe: number;
  readonly avgMaxDrawdownPct: number;
  readonly avgTrades: number;
  readonly profitableShare: number;
}

export interface SweepSummary {
  readonly bySymbol: GroupSummary[];
  readonly byTimeframe: GroupSummary[];
  /** Parameter sets averaged over every symbol, timeframe and window, best average return first. */
  readonly byParams: GroupSummary[];
}

/** `swept`: the parameters that vary (the others are the same everywhere and only add noise to keys). */
export function summarize(rows: readonly SweepResultRow[], swept: readonly string[]): SweepSummary {
  const paramKey = (row: SweepResultRow): string => swept.map((name) => `${name}=${row.params[name]}`).join(' ');
  return {
    bySymbol: group(rows, (row) => row.symbol),
    byTimeframe: group(rows, (row) => row.timeframe),
    byParams: group(rows, paramKey),
  };
}

function group(rows: readonly SweepResultRow[], keyOf: (row: SweepResultRow) => string): GroupSummary[] {
  const groups = new Map<string, SweepResultRow[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [row]);
    else list.push(row);
  }
  const mean = (list: readonly SweepResultRow[], metric: keyof Metrics): number => list.reduce((sum, row) => sum + (row.metrics[metric] ?? 0), 0) / list.length;
  return [...groups]
    .map(([key, list]) => ({
      key,
      scenarios: list.length,
      avgReturnPct: mean(list, 'totalReturnPct'),
      avgSharpe: mean(list, 'sharpe'),
      avgMaxDrawdownPct: mean(list, 'maxDrawdownPct'),
      avgTrades: mean(list, 'tradeCount'),
      profitableShare: list.filter((row) => (row.metrics['totalReturnPct'] ?? 0) > 0).length / list.length,
    }))
    .sort((a, b) => b.avgReturnPct - a.avgReturnPct || (a.key < b.key ? -1 : 1));
}
