// Which candles a run uses, decided in one place for every command that picks candles by symbol
// (backtest, sweep, walk-forward, select, check-lookahead, the sweep workers): a file given with
// --data, else the store or the bundled data per --source. With `auto`, a stored set that is
// shorter than the bundled set of the same exchange, symbol and timeframe is refused rather than
// silently used: a short download must not turn every later year-long backtest into a 3-week one.
import path from 'node:path';
import { InputError, seriesFromCandles, shellQuote, timeframeMs } from '../core/index.ts';
import type { CandleSeries, DataSource, Timeframe } from '../core/index.ts';
import type { Store } from '../store/index.ts';
import { bundledFile, listBundled } from './bundled.ts';
import { cachedSeries } from './candle-cache.ts';
import { parseCandleFile } from './parse-candles.ts';
import { formatProblem, validateCandles } from './validate.ts';

// The names live in core, beside the other settings' names, so config schemas need not load this module.
export { DATA_SOURCES } from '../core/index.ts';
export type { DataSource } from '../core/index.ts';

export type DataSetKind = 'store' | 'bundled' | 'file';

export interface DataSetRequest {
  readonly store?: Store | undefined;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Default `auto`. Ignored when `dataFile` is given. */
  readonly source?: DataSource | undefined;
  readonly dataFile?: string | undefined;
}

export interface ResolvedSet {
  readonly kind: DataSetKind;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The whole set, validated. */
  readonly series: CandleSeries;
  /** The store's path, or the file's path (relative to the working directory when inside it). */
  readonly location: string;
}

/**
 * Resolves and loads a candle set.
 * @throws InputError for an unknown set (naming what is available), a source without the set, or
 *   a stored set that would shadow a longer bundled one under `auto`.
 */
export function resolveDataSet(request: DataSetRequest): ResolvedSet {
  const { exchange, symbol, timeframe } = request;
  const base = { exchange, symbol, timeframe };
  if (request.dataFile !== undefined) return { ...base, kind: 'file', series: readValidFile(request.dataFile, timeframe), location: relative(request.dataFile) };
  const source = request.source ?? 'auto';
  const stored = source === 'bundled' ? undefined : request.store?.candles.summary(exchange, symbol, timeframe);
  const file = source === 'store' ? undefined : bundledFile(exchange, symbol, timeframe);
  const fromStore = (): ResolvedSet => ({ ...base, kind: 'store', series: request.store!.candles.load(exchange, symbol, timeframe), location: request.store!.path });
  if (file === undefined) {
    if (stored !== undefined) return fromStore();
    throw source === 'auto' ? unknownSet(request) : new InputError(`no ${exchange} ${symbol} ${timeframe} candles in the ${source === 'store' ? `store (${request.store?.path ?? 'none open'})` : 'bundled data'} (--source ${source})`);
  }
  const bundled = readValidFile(file, timeframe);
  if (stored === undefined) return { ...base, kind: 'bundled', series: bundled, location: relative(file) };
  if (stored.count >= bundled.length) return fromStore();
  throw new InputError(
    `the store (${request.store!.path}) holds ${stored.count} ${exchange} ${symbol} ${timeframe} candles (${span(stored.first, stored.last)}), ` +
      `fewer than the ${bundled.length} bundled ones (${span(bundled.time[0]!, bundled.time[bundled.length - 1]!)}); say which to use with --source store or --source bundled`,
  );
}

export interface DescribeOptions {
  /** Candles the run itself uses (a date window of the set); default the whole set. */
  readonly used?: CandleSeries;
  /** How the timeframe was found, when not given (e.g. "timeframe 1h, inferred from the candle spacing"). */
  readonly timeframeNote?: string;
  /** Said of a file run without --symbol. */
  readonly symbolNote?: string;
}

/**
 * The one line a run prints on stderr before it runs: source, symbol, timeframe, candle count,
 * first → last open time (UTC), and where the set lives.
 */
export function describeDataSet(set: ResolvedSet, options: DescribeOptions = {}): string {
  const used = options.used ?? set.series;
  const count = used.length === set.series.length ? `${used.length} candles` : `${used.length} of its ${set.series.length} candles`;
  const range = used.length === 0 ? 'none' : span(used.time[0]!, used.time[used.length - 1]!);
  if (set.kind === 'file') {
    return `data: file ${set.location}, ${options.symbolNote ?? `symbol ${set.symbol}`}, ${options.timeframeNote ?? `timeframe ${set.timeframe}`}, ${count}, ${range}`;
  }
  return `data: ${set.kind} ${set.exchange} ${set.symbol} ${set.timeframe}, ${count}, ${range} (${set.location})`;
}

/** Where the set came from, as runs have stored it (`source` in a run's summary). */
export function sourceLabel(set: ResolvedSet): string {
  return set.kind === 'store' ? `${set.location} (${set.exchange} ${set.symbol} ${set.timeframe})` : set.location;
}

/** Reads and validates a candle file (or its cached columns); any error row makes the file unusable, named by line. */
export function readValidFile(file: string, timeframe: Timeframe): CandleSeries {
  return cachedSeries(file, timeframe, () => {
    const report = validateCandles(parseCandleFile(file), timeframe);
    if (report.errors.length > 0) {
      const more = report.errors.length > 1 ? ` (and ${report.errors.length - 1} more problems; see: npx rampart data validate ${shellQuote(file)} --timeframe ${timeframe})` : '';
      throw new InputError(`${formatProblem(report.errors[0]!)}${more}`);
    }
    return seriesFromCandles(report.valid);
  });
}

function unknownSet(request: DataSetRequest): InputError {
  const { exchange, symbol, timeframe } = request;
  const sets = [...listBundled(), ...(request.store?.candles.list() ?? [])].filter((set) => set.exchange === exchange);
  const symbols = [...new Set(sets.map((set) => set.symbol))].sort();
  if (!symbols.includes(symbol)) {
    return new InputError(`unknown symbol '${symbol}' for ${exchange} (available: ${symbols.join(', ') || 'none'}; import more with: npx rampart data import FILE --symbol ${symbol} --timeframe ${timeframe})`);
  }
  const timeframes = [...new Set(sets.filter((set) => set.symbol === symbol).map((set) => set.timeframe))];
  const finer = timeframes
    .filter((tf) => timeframeMs(tf as Timeframe) < timeframeMs(timeframe))
    .sort((a, b) => timeframeMs(a as Timeframe) - timeframeMs(b as Timeframe))
    .at(-1);
  const resample = finer === undefined ? '' : `; or: npx rampart data resample --exchange ${exchange} --symbol ${symbol} --from-timeframe ${finer} --to ${timeframe}`;
  return new InputError(`no ${timeframe} candles for ${exchange} ${symbol} (available: ${timeframes.join(', ')}${resample})`);
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

function span(first: number, last: number): string {
  const minute = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${minute(first)} → ${minute(last)}`;
}
