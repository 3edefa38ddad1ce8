// The fleet's table in the terminal: one row per instance (mode, position, equity, P&L, trades,
// last signal, risk state, orders refused with the last refusal's code, candle feed). On a TTY it is redrawn in place; otherwise printed as plain lines.
import type { InstanceStatus } from '../live/index.ts';

const HEADER = ['instance', 'mode', 'symbol', 'tf', 'state', 'position', 'equity', 'P&L', 'trades', 'last signal', 'risk', 'refused', 'candle (UTC)', 'feed'];

/** The rows as aligned text lines, header first. */
export function fleetTableLines(rows: readonly InstanceStatus[]): string[] {
  const cells = rows.map((row) => [
    row.instance,
    row.mode,
    row.symbol,
    row.timeframe,
    row.error === undefined ? row.state : `${row.state}: ${row.error}`,
    formatNumber(row.position, 6),
    formatNumber(row.equity, 2),
    `${row.pnl >= 0 ? '+' : ''}${formatNumber(row.pnl, 2)}`,
    String(row.trades),
    row.lastSignal,
    row.riskReason === '' ? row.riskState : `${row.riskState}: ${row.riskReason}`,
    row.refusals === 0 || row.lastRefusal === null ? String(row.refusals) : `${row.refusals} (last ${row.lastRefusal})`,
    row.lastCandleTime === null ? '—' : new Date(row.lastCandleTime).toISOString().slice(0, 16).replace('T', ' '),
    row.feed,
  ]);
  const widths = HEADER.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]): string => row.map((cell, i) => (i >= 5 && i <= 8 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(HEADER), ...cells.map(line)];
}

function formatNumber(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Draws the table on a TTY, replacing the previous drawing; prints it as plain lines elsewhere. */
export class FleetTable {
  private drawn = 0;

  constructor(private readonly out: NodeJS.WriteStream) {}

  get isTty(): boolean {
    return this.out.isTTY === true;
  }

  draw(rows: readonly InstanceStatus[]): void {
    // On a terminal narrower than the table, each line is cut to its width: a wrapped line would
    // take two rows, and the redraw below would move up too few and leave copies behind.
    const width = this.isTty && this.out.columns !== undefined && this.out.columns > 1 ? this.out.columns - 1 : Infinity;
    const lines = fleetTableLines(rows).map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
    // Cursor up over the previous drawing, clear to the end of the screen, draw again.
    const erase = this.isTty && this.drawn > 0 ? `\x1b[${this.drawn}A\x1b[J` : '';
    this.out.write(`${erase}${lines.join('\n')}\n`);
    this.drawn = this.isTty ? lines.length : 0;
  }

  /**
   * Something else was printed below the drawing (a message on Ctrl-C): the next drawing starts
   * below it instead of erasing upwards over it, which would leave part of the old table.
   */
  release(): void {
    this.drawn = 0;
  }
}
