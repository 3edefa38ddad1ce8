// MACD over a whole close column with its fast − slow line memoised per column and period pair:
// a sweep runs many scenarios on one candle set that differ only in the signal period (or in
// parameters that are not MACD's), and each pair's two EMAs are then computed once per thread.
// The values are those of the streaming `Macd` fed the same closes, bit for bit: the same `Ema`
// objects do the same float operations in the same order (TA-Lib's TA_MACD conventions, see
// macd.ts); only the reuse is new.
import { Ema } from './ema.ts';
import { Macd } from './macd.ts';
import { checkPeriod } from './period.ts';

/** The fast − slow line of one period pair over one close column. */
export interface MacdLines {
  /** fast EMA − slow EMA per candle; read only where `fed` is 1. */
  readonly line: Float64Array;
  /** 1 where the slow EMA is defined, i.e. where `Macd.update` feeds the line to its signal EMA. */
  readonly fed: Uint8Array;
}

/** Called once per candle with what `Macd.value` and `Macd.signal` hold after that candle. */
export type MacdVisitor = (index: number, macd: number, signal: number) => void;

/**
 * Replays `new Macd(fast, slow, signal)` over `close`, calling `visit(i, macd, signal)` after each
 * candle with the MACD line and signal as the streaming object would hold them (NaN until the
 * signal is ready, then the last ready values). The line is taken from the memo (`macdLines`), so
 * only the signal EMA is computed per call. Throws InputError for a period that is not a positive
 * integer, like `Macd`.
 */
export function forEachMacd(close: Float64Array, fast: number, slow: number, signal: number, visit: MacdVisitor): void {
  checkPeriod('signal', signal);
  if (close.length > MEMO_MAX_COLUMN) {
    // One long backtest: nothing to share, and the memo's copy and line would only add memory.
    const macd = new Macd(fast, slow, signal);
    for (let i = 0; i < close.length; i++) {
      macd.update(close[i]!);
      visit(i, macd.value, macd.signal);
    }
    return;
  }
  const { line, fed } = macdLines(close, fast, slow);
  const signalEma = new Ema(signal);
  let value = NaN;
  let ready = NaN;
  for (let i = 0; i < close.length; i++) {
    if (fed[i] === 1) {
      const l = line[i]!;
      const s = signalEma.update(l);
      if (!Number.isNaN(s)) {
        value = l;
        ready = s;
      }
    }
    visit(i, value, ready);
  }
}

/**
 * The fast − slow line of TA_MACD over `close` (periods swapped when slow < fast, the fast EMA
 * started `slow − fast` candles late so both begin on the same candle), memoised per column
 * contents and period pair. A hit is checked against a copy of the closes it was computed from,
 * so a column rewritten in place is computed afresh, never served stale. The memo holds at most
 * MEMO_LIMIT_VALUES floats per thread, the oldest entries going first; a column longer than
 * MEMO_MAX_COLUMN is not memoised. Throws InputError for a period that is not a positive integer.
 */
export function macdLines(close: Float64Array, fast: number, slow: number): MacdLines {
  checkPeriod('fast', fast);
  checkPeriod('slow', slow);
  if (close.length > MEMO_MAX_COLUMN) return computeLines(close, fast, slow);
  const column = memoFor(close);
  const key = `${fast}:${slow}`;
  const hit = column.lines.get(key);
  if (hit !== undefined) return hit;
  const lines = computeLines(close, fast, slow);
  column.lines.set(key, lines);
  remember(column, key);
  return lines;
}

function computeLines(close: Float64Array, fast: number, slow: number): MacdLines {
  // As Macd's constructor and update: TA-Lib swaps the periods when slow < fast.
  const [f, s] = slow < fast ? [slow, fast] : [fast, slow];
  const fastEma = new Ema(f);
  const slowEma = new Ema(s);
  const fastStart = s - f;
  const n = close.length;
  const line = new Float64Array(n);
  const fed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = close[i]!;
    const slowValue = slowEma.update(x);
    const fastValue = i >= fastStart ? fastEma.update(x) : NaN;
    if (Number.isNaN(slowValue)) continue;
    line[i] = fastValue - slowValue;
    fed[i] = 1;
  }
  return { line, fed };
}

/** The memo of one close column: its values when memoised, and the lines by "fast:slow". */
interface ColumnMemo {
  readonly values: Float64Array;
  readonly lines: Map<string, MacdLines>;
  /** Where the column is filed, so that evicting its last line drops its copy too. */
  readonly windows: Map<string, ColumnMemo>;
  readonly where: string;
}

/**
 * Columns are found by their memory (buffer, offset, length), not by the array object: a sweep
 * takes a fresh view of the same shared candles for every scenario.
 */
const byBuffer = new WeakMap<ArrayBufferLike, Map<string, ColumnMemo>>();

/**
 * ~16 MB of float64 per thread (lines and the copies they are checked against): a sweep's
 * scenarios come grouped by candle set, so the lines of the set in progress are what gets reused;
 * the example sweep's largest set (a year of 1h candles, 75 period pairs) needs ~5 MB.
 */
const MEMO_LIMIT_VALUES = 2_000_000;
/** A column whose copy and a line fill half the memo is not memoised (e.g. a million 1m candles). */
export const MEMO_MAX_COLUMN = MEMO_LIMIT_VALUES / 4;
/** Lines in the order they were memoised, oldest first. */
const held: { readonly column: ColumnMemo; readonly key: string }[] = [];
let heldValues = 0;

function memoFor(close: Float64Array): ColumnMemo {
  let windows = byBuffer.get(close.buffer);
  if (windows === undefined) {
    windows = new Map();
    byBuffer.set(close.buffer, windows);
  }
  const where = `${close.byteOffset}:${close.length}`;
  const known = windows.get(where);
  if (known !== undefined && sameValues(known.values, close)) return known;
  if (known !== undefined) drop(known);
  const fresh: ColumnMemo = { values: close.slice(), lines: new Map(), windows, where };
  windows.set(where, fresh);
  heldValues += close.length;
  return fresh;
}

/** Exact comparison; a NaN close never matches, so such a column is simply never reused. */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function remember(column: ColumnMemo, key: string): void {
  held.push({ column, key });
  heldValues += column.values.length;
  while (heldValues > MEMO_LIMIT_VALUES && held.length > 1) {
    const oldest = held.shift()!;
    oldest.column.lines.delete(oldest.key);
    heldValues -= oldest.column.values.length;
    if (oldest.column.lines.size === 0 && oldest.column !== column) drop(oldest.column);
  }
}

/** Forgets a column: its lines, its copy and their share of the limit. */
function drop(column: ColumnMemo): void {
  for (let i = held.length - 1; i >= 0; i--) {
    if (held[i]!.column === column) {
      held.splice(i, 1);
      heldValues -= column.values.length;
    }
  }
  column.lines.clear();
  if (column.windows.get(column.where) === column) {
    column.windows.delete(column.where);
    heldValues -= column.values.length;
  }
}
