// Turns any error into a one-line message and an exit code; stack traces only with --debug.
import { CommanderError } from 'commander';
import { RampartError, redact } from '../core/index.ts';

/** Exit code for bad input (flags, files, values), as scripts expect. */
export const EXIT_BAD_INPUT = 2;

/** Prints the error's one line (its stack too with `debug`), then exits with its code once the output is out. */
export function exitWithError(error: unknown, debug: boolean): void {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version are successful exits.
    exitAfterOutput(error.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
    return;
  }
  if (debug && error instanceof Error) console.error(redact(error.stack ?? ''));
  const message = error instanceof Error ? error.message : String(error);
  console.error(`rampart: ${redact(message.split('\n')[0]!)}`);
  exitAfterOutput(exitCodeFor(error));
}

/**
 * Exits once stdout and stderr have taken everything written to them. A pipe can hold writes
 * back (thousands of validation lines into `| tail`), and process.exit drops what is still
 * queued: the closing line was lost in about half of such runs. Exiting at all (rather than
 * letting the loop end) stops workers, sockets and timers an error left behind.
 */
function exitAfterOutput(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

function exitCodeFor(error: unknown): number {
  if (error instanceof RampartError) {
    return error.code === 'INPUT' || error.code === 'CONFIG' ? EXIT_BAD_INPUT : 1;
  }
  return 1;
}
