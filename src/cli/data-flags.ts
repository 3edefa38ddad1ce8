// The flags that choose a run's candles, read the same way by every command that takes them:
// --data FILE (timeframe from --timeframe or the candle spacing; symbol, and with it the market's
// lot step, tick and min notional, only from --symbol, never from the file's name), or --symbol
// and --timeframe with --source auto|store|bundled. The line naming the set goes to stderr.
import path from 'node:path';
import { InputError, parseTimeframe } from '../core/index.ts';
import type { Timeframe } from '../core/index.ts';
import { hasMarketRules } from '../core/index.ts';
import { DATA_SOURCES, inferFileTimeframe, parseCandleFile } from '../data/index.ts';
import type { DataSource, DescribeOptions } from '../data/index.ts';

export const SOURCE_FLAG = '--source <auto|store|bundled>';
export const SOURCE_HELP = 'stored or bundled candles when both have the set (auto: the only one, or the store when it is not shorter)';

export interface DataFlags {
  readonly data?: string | undefined;
  readonly symbol?: string | undefined;
  readonly timeframe?: string | undefined;
  readonly source?: string | undefined;
  readonly exchange?: string | undefined;
}

export interface DataSelection {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly dataFile?: string;
  readonly source?: DataSource;
  /** Zero lot step, tick and min notional for a file without --symbol (flags given by the user still win). */
  readonly noMarketRules?: { readonly lotStep: 0; readonly tickSize: 0; readonly minNotional: 0 };
  readonly describe: Omit<DescribeOptions, 'used'>;
}

/** Prints the data line of a run (stdout stays clean for --json). */
export function announceData(line: string): void {
  console.error(line);
}

/** @throws InputError for an unknown --source value. */
export function parseSourceFlag(value: string | undefined): DataSource | undefined {
  if (value === undefined) return undefined;
  if ((DATA_SOURCES as readonly string[]).includes(value)) return value as DataSource;
  throw new InputError(`--source must be one of ${DATA_SOURCES.join(', ')}, got '${value}'`);
}

/**
 * The data part of a run's config from its flags; `defaults` fill a missing --symbol/--timeframe
 * for runs on stored or bundled candles only.
 * @throws InputError for a missing symbol or timeframe, --source with --data, or an irregular file.
 */
export function dataSelection(flags: DataFlags, defaults: { symbol?: string; timeframe?: string } = {}): DataSelection {
  const source = parseSourceFlag(flags.source);
  if (flags.data === undefined) {
    const symbol = flags.symbol ?? defaults.symbol;
    const timeframe = flags.timeframe ?? defaults.timeframe;
    if (symbol === undefined) throw new InputError('--symbol is required (or --data FILE)');
    if (timeframe === undefined) throw new InputError('--timeframe is required');
    return { symbol: symbol.toUpperCase(), timeframe: parseTimeframe(timeframe), ...(source === undefined ? {} : { source }), describe: {} };
  }
  if (source !== undefined) throw new InputError('--source chooses between stored and bundled candles; it does not apply to --data FILE');
  const dataFile = path.resolve(flags.data);
  const inferred = flags.timeframe === undefined ? inferFileTimeframe(parseCandleFile(dataFile)) : undefined;
  const timeframe = inferred?.timeframe ?? parseTimeframe(flags.timeframe!);
  const timeframeNote = inferred === undefined ? {} : { timeframeNote: inferred.note };
  if (flags.symbol !== undefined) {
    const symbol = flags.symbol.toUpperCase();
    // A symbol whose rules are unknown runs without rounding or minimums: said, not silent.
    const symbolNote = hasMarketRules(flags.exchange ?? 'binance', symbol) ? {} : { symbolNote: `symbol ${symbol}: no known market rules (lot step, tick, min notional 0; set them with --lot-step, --tick-size, --min-notional)` };
    return { symbol, timeframe, dataFile, describe: { ...timeframeNote, ...symbolNote } };
  }
  return {
    // A label for reports, not a market: nothing is looked up by it.
    symbol: path.basename(flags.data),
    timeframe,
    dataFile,
    noMarketRules: { lotStep: 0, tickSize: 0, minNotional: 0 },
    describe: { ...timeframeNote, symbolNote: 'no --symbol: no market rules (lot step, tick, min notional)' },
  };
}
