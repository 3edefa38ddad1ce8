// Errors raised by a strategy's own code, turned into one line that says where: the strategy's
// name, the line of its file that threw, and the candle it was deciding on.
import { fileURLToPath } from 'node:url';
import { InputError, InvalidIntent } from '../core/index.ts';

/** Which call of the strategy failed. */
export type StrategyPhase = 'create' | 'prepare' | 'onCandle';

/** A strategy as messages name it: its declared name, and the file it came from (files only). */
export interface StrategyLabel {
  readonly name: string;
  readonly file?: string | undefined;
}

/**
 * An InputError (exit 2, no stack without --debug) for an error thrown by the strategy's code, or
 * for the InvalidIntent it returned. `time` is the open time (UTC ms) of the candle being decided
 * on, for onCandle. The original error stays as `cause`, for --debug.
 * Shapes:
 *   `/tmp/x.ts:9:11: strategy 'x' threw at candle 2024-01-01T00:15:00.000Z: Error: boom`
 *   `/tmp/x.ts: strategy 'x' returned a bad intent at candle 2024-…: field 'side': 'buy' is not 'long' or 'short'`
 */
export function strategyFailure(error: unknown, label: StrategyLabel, phase: StrategyPhase, time?: number): InputError {
  const when = phase === 'onCandle' && time !== undefined ? `at candle ${new Date(time).toISOString()}` : `in ${phase}()`;
  let message: string;
  if (error instanceof InvalidIntent) {
    message = `${prefix(label.file)}strategy '${label.name}' returned a bad intent ${when}: ${error.message}`;
  } else {
    message = `${prefix(throwSite(error, label.file) ?? label.file)}strategy '${label.name}' threw ${when}: ${describeThrown(error)}`;
  }
  const failure = new InputError(message);
  failure.cause = error;
  return failure;
}

function prefix(where: string | undefined): string {
  return where === undefined ? '' : `${where}: `;
}

/** "TypeError: x is undefined", one line; a thrown non-Error as its text. */
export function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name}: ${error.message.split('\n')[0]}`;
}

/**
 * `path:line:column` of the stack frame in `file` nearest the throw (with source maps, so a
 * TypeScript file's own lines), else of the first frame outside Node's internals. A throw inside a
 * library the strategy called is thus reported at the strategy's line that called it.
 */
export function throwSite(error: unknown, file: string | undefined): string | undefined {
  if (!(error instanceof Error) || error.stack === undefined) return undefined;
  let first: string | undefined;
  for (const line of error.stack.split('\n')) {
    const frame = /^\s+at (?:.*\()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (frame === null || frame[1]!.startsWith('node:')) continue;
    const site = `${framePath(frame[1]!)}:${frame[2]}:${frame[3]}`;
    if (file !== undefined && framePath(frame[1]!) === file) return site;
    first ??= site;
  }
  return first;
}

/** Frames name a file by path or by URL (ES modules), the URL possibly with a loader's query. */
function framePath(location: string): string {
  if (!location.startsWith('file:')) return location;
  try {
    return fileURLToPath(location.replace(/[?#].*$/, ''));
  } catch {
    return location;
  }
}
