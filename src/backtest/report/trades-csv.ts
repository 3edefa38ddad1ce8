// Closed trades as CSV, for spreadsheets and other tools.

import type { Trade } from '../types.ts';

export const TRADES_CSV_HEADER = [
  'trade',
  'side',
  'entry_time_utc',
  'entry_time_ms',
  'exit_time_utc',
  'exit_time_ms',
  'qty',
  'entry_price',
  'exit_price',
  'fee',
  'pnl',
  'return_pct',
  'exit_reason',
] as const;

/**
 * One header row, then one row per trade (RFC 4180, `\n` line ends). Times as ISO-8601 UTC and as
 * epoch ms; `qty` is the absolute base quantity (the side column says long or short); fee and pnl
 * in quote currency, pnl net of fees; return_pct in % of the entry notional. Numbers are written
 * with JavaScript's shortest round-trip form: no thousands separators, `.` as decimal point.
 */
export function tradesCsv(trades: readonly Trade[]): string {
  const lines = [TRADES_CSV_HEADER.join(',')];
  trades.forEach((t, i) => {
    lines.push(
      [
        i + 1,
        t.side,
        new Date(t.entryTime).toISOString(),
        t.entryTime,
        new Date(t.exitTime).toISOString(),
        t.exitTime,
        Math.abs(t.qty),
        t.entryPrice,
        t.exitPrice,
        t.fee,
        t.pnl,
        t.returnPct,
        t.exitReason,
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}
