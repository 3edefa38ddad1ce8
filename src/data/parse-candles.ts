// Reads candle files: CSV with a header, Binance's 12-column kline CSV, Freqtrade's JSON arrays,
// or JSON objects; gzip transparently. Cells that are not numbers become problems with their line,
// so validation can report them; a file that is not candles at all is an InputError.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError, parseUtcDate } from '../core/index.ts';
import { EPOCH_UNIT_NAMES, epochToMs, epochUnitOf, numericTime, parseTime } from './parse-time.ts';
import type { EpochUnit } from './parse-time.ts';
import type { ParsedRow, Problem } from './types.ts';

export interface ParsedFile {
  readonly file: string;
  readonly rows: ParsedRow[];
  /** Rows that could not be read (non-numeric or missing cells); they are not in `rows`. */
  readonly problems: Problem[];
  /** The epoch unit of the file's numeric times (one for all rows); undefined when its times are text. */
  readonly timeUnit?: EpochUnit;
}

/**
 * Reads a file's time cells with one epoch unit for all its rows: the first numeric time decides
 * it, and a later number whose magnitude says another unit is a problem on its line (a file that
 * mixes seconds and milliseconds is broken, not two files).
 */
class TimeReader {
  unit: EpochUnit | undefined;
  private unitLine = 0;

  /** Epoch ms, or a problem message. */
  read(raw: string | number, line: number): number | string {
    const number = numericTime(raw);
    if (number === undefined) {
      const ms = parseTime(raw);
      return Number.isNaN(ms) ? `time '${String(raw)}' is not a timestamp` : ms;
    }
    const own = epochUnitOf(number);
    if (this.unit === undefined) {
      if (own === undefined) return `time '${String(raw).trim()}' is not an epoch time in seconds, milliseconds, microseconds or nanoseconds between 1971 and 2200`;
      this.unit = own;
      this.unitLine = line;
    } else if (own !== this.unit) {
      return `time '${String(raw).trim()}' is not in epoch ${EPOCH_UNIT_NAMES[this.unit]} like the file's first time (line ${this.unitLine})`;
    }
    return epochToMs(number, this.unit);
  }
}

const TIME_NAMES = ['timestamp', 'time', 'date', 'datetime', 'open_time'];
const PRICE_NAMES = ['open', 'high', 'low', 'close'] as const;
/** Binance kline CSV: open_time, open, high, low, close, volume, close_time, quote_volume, trades, taker_base, taker_quote, ignore. */
const BINANCE_KLINE_COLUMNS = 12;

export function parseCandleFile(file: string): ParsedFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'error'})`, { file });
  }
  const text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseCandleText(text, file);
}

export function parseCandleText(text: string, file: string): ParsedFile {
  const start = text.trimStart()[0];
  if (start === '[' || start === '{') return parseJson(text, file);
  return parseCsv(text, file);
}

interface Columns {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

function parseCsv(text: string, file: string): ParsedFile {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) throw new InputError('empty file: no candles', { file });
  const head = splitCsv(lines[first]!);
  const hasHeader = head.some((cell) => cell !== '' && Number.isNaN(Number(cell)) && Number.isNaN(parseUtcDate(cell)));
  const columns = hasHeader ? columnsFromHeader(head, file, first + 1) : columnsFromWidth(head.length, file, first + 1);
  const needed = Math.max(columns.time, columns.open, columns.high, columns.low, columns.close, columns.volume) + 1;
  const rows: ParsedRow[] = [];
  const problems: Problem[] = [];
  const times = new TimeReader();
  for (let i = hasHeader ? first + 1 : first; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = splitCsv(line);
    if (cells.length < needed) {
      problems.push({ file, line: i + 1, message: `expected ${needed} columns, found ${cells.length}` });
      continue;
    }
    readRow(cells, columns, i + 1, file, rows, problems, times);
  }
  if (rows.length === 0 && problems.length === 0) throw new InputError('no candle rows after the header', { file });
  return withUnit({ file, rows, problems }, times);
}

function columnsFromHeader(header: readonly string[], file: string, line: number): Columns {
  const names = header.map((cell) => cell.trim().toLowerCase().replace(/^"|"$/g, ''));
  const find = (candidates: readonly string[]): number => names.findIndex((name) => candidates.includes(name));
  const time = find(TIME_NAMES);
  if (time < 0) throw new InputError(`not a candle file: no time column (expected one of ${TIME_NAMES.join('|')})`, { file, line });
  const columns: Columns = { time, open: find(['open', 'o']), high: find(['high', 'h']), low: find(['low', 'l']), close: find(['close', 'c']), volume: find(['volume', 'vol', 'v']) };
  for (const name of PRICE_NAMES) {
    if (columns[name] < 0) throw new InputError(`not a candle file: no '${name}' column`, { file, line });
  }
  return columns;
}

function columnsFromWidth(width: number, file: string, line: number): Columns {
  if (width === BINANCE_KLINE_COLUMNS || width === 6 || width === 5) {
    return { time: 0, open: 1, high: 2, low: 3, close: 4, volume: width === 5 ? -1 : 5 };
  }
  throw new InputError(`not a candle file: no header and ${width} columns (expected 6, or Binance's 12-column klines)`, { file, line });
}

const VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** One row from its cells; a cell that is not a number becomes a problem naming line and column. */
function readRow(cells: readonly unknown[], c: Columns, line: number, file: string, rows: ParsedRow[], problems: Problem[], times: TimeReader): void {
  const time = times.read(asInput(cells[c.time]), line);
  if (typeof time === 'string') {
    problems.push({ file, line, message: time });
    return;
  }
  const open = cellNumber(cells, c.open);
  const high = cellNumber(cells, c.high);
  const low = cellNumber(cells, c.low);
  const close = cellNumber(cells, c.close);
  // A file without volume still backtests; its volume reads as 0.
  const volume = c.volume < 0 ? 0 : cellNumber(cells, c.volume);
  if (Number.isFinite(open + high + low + close + volume)) {
    rows.push({ time, open, high, low, close, volume, line });
    return;
  }
  const bad = VALUE_COLUMNS.find((name) => c[name] >= 0 && !Number.isFinite(cellNumber(cells, c[name])))!;
  problems.push({ file, line, message: `${bad} '${String(cells[c[bad]] ?? '')}' is not a number` });
}

function cellNumber(cells: readonly unknown[], index: number): number {
  const raw = cells[index];
  if (typeof raw === 'number') return raw;
  // Number('') is 0: an empty cell must not read as a price.
  return typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
}

function asInput(value: unknown): string | number {
  return typeof value === 'number' || typeof value === 'string' ? value : '';
}

function parseJson(text: string, file: string): ParsedFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  if (!Array.isArray(data)) throw new InputError('not a candle file: JSON must be an array of candles', { file });
  const rows: ParsedRow[] = [];
  const problems: Problem[] = [];
  const times = new TimeReader();
  data.forEach((item: unknown, i) => {
    const line = i + 1;
    if (Array.isArray(item)) {
      // Freqtrade: [ms, open, high, low, close, volume]
      if (item.length < 5) {
        problems.push({ file, line, message: `candle array has ${item.length} values, expected 6` });
        return;
      }
      readRow(item as unknown[], { time: 0, open: 1, high: 2, low: 3, close: 4, volume: item.length > 5 ? 5 : -1 }, line, file, rows, problems, times);
    } else if (typeof item === 'object' && item !== null) {
      const record = Object.fromEntries(Object.entries(item).map(([k, v]) => [k.toLowerCase(), v as unknown]));
      const timeKey = TIME_NAMES.find((name) => name in record);
      if (timeKey === undefined) {
        problems.push({ file, line, message: `candle object has no time field (${TIME_NAMES.join('|')})` });
        return;
      }
      const cells = [timeKey, 'open', 'high', 'low', 'close', 'volume'].map((key) => record[key]);
      readRow(cells, { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 'volume' in record ? 5 : -1 }, line, file, rows, problems, times);
    } else {
      problems.push({ file, line, message: 'not a candle (expected an array or an object)' });
    }
  });
  if (rows.length === 0 && problems.length === 0) throw new InputError('empty file: no candles', { file });
  if (rows.length === 0 && problems.length === data.length) throw new InputError(`not a candle file: ${problems[0]!.message}`, { file, line: problems[0]!.line });
  return withUnit({ file, rows, problems }, times);
}

function withUnit(parsed: ParsedFile, times: TimeReader): ParsedFile {
  return times.unit === undefined ? parsed : { ...parsed, timeUnit: times.unit };
}

/** Splits one CSV line; handles quoted cells (with "" escapes) for exports that quote everything. */
function splitCsv(line: string): string[] {
  // Number() and the time parser ignore surrounding spaces, so plain cells need no trimming.
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}
