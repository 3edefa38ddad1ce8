// Turns any error into a one-line message and an exit code; stack traces only with --debug.
import { CommanderError } from 'commander';
import { RampartError, redact } from '../core/index.ts';

/** Exit code for bad input (flags, files, values), as scripts expect. */
export const EXIT_BAD_INPUT = 2;

export function exitWithError(error: unknown, debug: boolean): never {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version are successful exits.
    process.exit(error.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
  }
  if (debug && error instanceof Error) console.error(redact(error.stack ?? ''));
  const message = error instanceof Error ? error.message : String(error);
  console.error(`rampart: ${redact(message.split('\n')[0]!)}`);
  process.exit(exitCodeFor(error));
}

function exitCodeFor(error: unknown): number {
  if (error instanceof RampartError) {
    return error.code === 'INPUT' || error.code === 'CONFIG' ? EXIT_BAD_INPUT : 1;
  }
  return 1;
}
