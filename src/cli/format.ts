// Human-readable output: metric tables and JSON that writes non-finite numbers as null.
import type { BacktestResult, Metrics } from '../backtest/index.ts';
import { strategyDisplayName } from '../strategies/index.ts';

const PERCENT_KEYS = new Set<keyof Metrics>([
  'totalReturnPct',
  'buyAndHoldReturnPct',
  'cagrPct',
  'maxDrawdownPct',
  'winRatePct',
  'avgTradePct',
  'bestTradePct',
  'worstTradePct',
  'exposurePct',
]);

const LABELS: Record<keyof Metrics, string> = {
  startTime: 'Start',
  endTime: 'End',
  candles: 'Candles',
  startEquity: 'Start equity',
  endEquity: 'End equity',
  totalReturnPct: 'Total return',
  buyAndHoldReturnPct: 'Buy & hold return',
  cagrPct: 'CAGR',
  maxDrawdownPct: 'Max drawdown',
  maxDrawdownDurationMs: 'Max drawdown duration',
  sharpe: 'Sharpe',
  sortino: 'Sortino',
  calmar: 'Calmar',
  winRatePct: 'Win rate',
  profitFactor: 'Profit factor',
  expectancy: 'Expectancy (per trade)',
  tradeCount: 'Trades',
  avgTradePct: 'Average trade',
  bestTradePct: 'Best trade',
  worstTradePct: 'Worst trade',
  exposurePct: 'Exposure time',
  feesPaid: 'Fees paid',
};

export function formatMetricValue(key: keyof Metrics, value: number): string {
  if (key === 'startTime' || key === 'endTime') return new Date(value).toISOString().replace('.000Z', 'Z');
  if (key === 'maxDrawdownDurationMs') return `${(value / 86_400_000).toFixed(1)} days`;
  if (key === 'candles' || key === 'tradeCount') return String(value);
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (PERCENT_KEYS.has(key)) return `${value.toFixed(2)}%`;
  return value.toFixed(2);
}

export function formatMetrics(metrics: Metrics): string {
  const keys = Object.keys(LABELS) as (keyof Metrics)[];
  const width = Math.max(...keys.map((key) => LABELS[key].length));
  return keys.map((key) => `  ${LABELS[key].padEnd(width)}  ${formatMetricValue(key, metrics[key])}`).join('\n');
}

export function formatSummary(result: BacktestResult): string {
  const { config } = result;
  const params = Object.entries(config.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const lines = [`${strategyDisplayName(config.strategy)} ${params} on ${config.exchange} ${config.symbol} ${config.timeframe}`, formatMetrics(result.metrics)];
  if (result.gaps.length > 0) {
    const missing = result.gaps.reduce((sum, gap) => sum + gap.missing, 0);
    lines.push(`  warning: ${result.gaps.length} data gap(s), ${missing} candle(s) missing (listed in --json and the report)`);
  }
  const first = result.rejections[0];
  if (first !== undefined) {
    // A run whose every order is refused ends with 0 trades and exit 0: the first reason says why.
    const kept = result.rejectedCount > result.rejections.length ? ` (the first ${result.rejections.length} in --json and the report)` : ' (listed in --json and the report)';
    lines.push(`  warning: ${result.rejectedCount} order(s) refused${kept}; the first, at ${new Date(first.time).toISOString().slice(0, 16)}Z: ${first.reason}`);
  }
  return lines.join('\n');
}

/** JSON for output: JSON.stringify writes Infinity and NaN as null (JSON has no such numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}
