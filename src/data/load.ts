// Candles for a backtest: a file given by the user, else the store, else the bundled data.
import path from 'node:path';
import { InputError, seriesFromCandles, shellQuote, timeframeMs, windowSeries } from '../core/index.ts';
import type { CandleSeries, Timeframe } from '../core/index.ts';
import type { Store } from '../store/index.ts';
import { bundledFile, listBundled } from './bundled.ts';
import { cachedSeries } from './candle-cache.ts';
import { findGaps } from './gaps.ts';
import { parseCandleFile } from './parse-candles.ts';
import type { Gap } from './types.ts';
import { formatProblem, validateCandles } from './validate.ts';

export interface LoadRequest {
  readonly store?: Store;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly dataFile?: string;
  readonly from?: number;
  readonly to?: number;
  /** Also return up to this many candles before `from`, for indicator warm-up. */
  readonly warmup?: number;
}

export interface Loaded {
  readonly series: CandleSeries;
  /** Human-readable origin: the file, or the store and its path. */
  readonly source: string;
  readonly gaps: Gap[];
  /** Leading candles before `from` included for warm-up. */
  readonly warmup: number;
}

export function loadCandles(request: LoadRequest): Loaded {
  const { exchange, symbol, timeframe } = request;
  const from = request.from ?? Number.MIN_SAFE_INTEGER;
  const to = request.to ?? Number.MAX_SAFE_INTEGER;
  let series: CandleSeries;
  let source: string;
  if (request.dataFile !== undefined) {
    series = readValidFile(request.dataFile, timeframe);
    source = request.dataFile;
  } else if (request.store?.candles.has(exchange, symbol, timeframe) === true) {
    series = request.store.candles.load(exchange, symbol, timeframe, { to });
    source = `${request.store.path} (${exchange} ${symbol} ${timeframe})`;
  } else {
    const file = bundledFile(exchange, symbol, timeframe);
    if (file === undefined) throw unknownSet(request);
    series = readValidFile(file, timeframe);
    source = path.relative(process.cwd(), file) || file;
  }
  const { series: sliced, warmup } = windowSeries(series, from, to, request.warmup ?? 0);
  if (sliced.length - warmup === 0) {
    throw new InputError(`no candles for ${symbol} ${timeframe} in [${iso(from)}, ${iso(to)}) (the data covers ${coverage(series)})`);
  }
  return { series: sliced, source, gaps: findGaps(sliced.time, timeframeMs(timeframe)), warmup };
}

/** Reads and validates a candle file (or its cached columns); any error row makes the file unusable, named by line. */
function readValidFile(file: string, timeframe: Timeframe): CandleSeries {
  return cachedSeries(file, timeframe, () => parseValidFile(file, timeframe));
}

function parseValidFile(file: string, timeframe: Timeframe): CandleSeries {
  const report = validateCandles(parseCandleFile(file), timeframe);
  if (report.errors.length > 0) {
    const more = report.errors.length > 1 ? ` (and ${report.errors.length - 1} more problems; see: npx rampart data validate ${shellQuote(file)} --timeframe ${timeframe})` : '';
    throw new InputError(`${formatProblem(report.errors[0]!)}${more}`);
  }
  return seriesFromCandles(report.valid);
}

function unknownSet(request: LoadRequest): InputError {
  const { exchange, symbol, timeframe } = request;
  const sets = [...listBundled(), ...(request.store?.candles.list() ?? [])].filter((set) => set.exchange === exchange);
  const symbols = [...new Set(sets.map((set) => set.symbol))].sort();
  if (!symbols.includes(symbol)) {
    return new InputError(`unknown symbol '${symbol}' for ${exchange} (available: ${symbols.join(', ') || 'none'}; import more with: npx rampart data import FILE --symbol ${symbol} --timeframe ${timeframe})`);
  }
  const timeframes = [...new Set(sets.filter((set) => set.symbol === symbol).map((set) => set.timeframe))];
  const source = timeframes
    .filter((tf) => timeframeMs(tf as Timeframe) < timeframeMs(timeframe))
    .sort((a, b) => timeframeMs(a as Timeframe) - timeframeMs(b as Timeframe))
    .at(-1);
  const resample = source === undefined ? '' : `; or: npx rampart data resample --exchange ${exchange} --symbol ${symbol} --from-timeframe ${source} --to ${timeframe}`;
  return new InputError(`no ${timeframe} candles for ${exchange} ${symbol} (available: ${timeframes.join(', ')}${resample})`);
}

function coverage(s: CandleSeries): string {
  return s.length === 0 ? 'nothing' : `${iso(s.time[0]!)} to ${iso(s.time[s.length - 1]!)}`;
}

function iso(ms: number): string {
  if (ms <= Number.MIN_SAFE_INTEGER) return '-inf';
  if (ms >= Number.MAX_SAFE_INTEGER) return 'inf';
  return new Date(ms).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
}
