// The fleet's logs: structured JSON lines (pino) to a file rotated by size, and the same records
// on the terminal, one readable line each when it is a TTY. Every line passes through the
// redaction of registered secrets (core/redact.ts) on its way out, whatever field carries it.
// An instance logs through its own child logger, so each of its lines names it and its mode.
import { multistream, pino } from 'pino';
import type { DestinationStream, Logger, StreamEntry } from 'pino';
import { redact, systemClock } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import type { InstanceMode } from '../config/index.ts';
import { prettyLine } from './log-line.ts';
import { RotatingFile } from './rotating-file.ts';

export type { Logger } from 'pino';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface LogOptions {
  /** JSON lines are appended here (directories created); none when omitted. */
  readonly file?: string;
  /** A file is rotated before a line would take it past this size (bytes; default 10 MiB). */
  readonly maxBytes?: number;
  /** Files kept, the one written included (default 5). */
  readonly files?: number;
  /** The lowest level written (default `info`). */
  readonly level?: LogLevel;
  /**
   * Where people read it (default `process.stdout`): one pretty line per record when it is a TTY,
   * the JSON lines otherwise (a pipe or a service manager's journal). `false`: the file only.
   */
  readonly terminal?: (DestinationStream & { readonly isTTY?: boolean }) | false;
  /** Stamps each record's `time` (ISO-8601 UTC; default the wall clock). */
  readonly clock?: Clock;
}

export interface FleetLog {
  /** The fleet's own logger (start-up, shutdown, the kill switch). */
  readonly root: Logger;
  /** The logger of one instance: every line carries `instance` (its name) and `mode`. */
  instance(name: string, mode: InstanceMode): Logger;
  /** Closes the file; later records go to the terminal only. Call after the last line of a run. */
  close(): void;
}

/**
 * The fleet's logger. Records are JSON with `level` (a name), `time` (ISO-8601 UTC), `pid`, `msg`
 * and the fields logged; errors go in `err` (pino's serializer: type, message, stack). Writes are
 * synchronous, so nothing logged before a crash is lost. Throws a RangeError on a bad size or count.
 */
export function createLog(options: LogOptions = {}): FleetLog {
  const level = options.level ?? 'info';
  const clock = options.clock ?? systemClock;
  const file = options.file === undefined ? undefined : new RotatingFile({ path: options.file, maxBytes: options.maxBytes ?? 10 * 1024 * 1024, files: options.files ?? 5 });
  const streams: StreamEntry<LogLevel>[] = [];
  if (file !== undefined) streams.push({ level, stream: file });
  const terminal = options.terminal === undefined ? process.stdout : options.terminal;
  if (terminal !== false) streams.push({ level, stream: terminal.isTTY === true ? { write: (line: string) => terminal.write(prettyLine(line)) } : terminal });
  const root = pino(
    {
      level: streams.length === 0 ? 'silent' : level,
      base: { pid: process.pid },
      timestamp: () => `,"time":"${new Date(clock.now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redact },
    },
    multistream(streams),
  );
  return {
    root,
    instance: (name, mode) => root.child({ instance: name, mode }),
    close: () => file?.close(),
  };
}
