// Options every sub-command inherits from the root command.
import type { Command } from 'commander';

export interface GlobalOptions {
  readonly db: string;
  readonly debug: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const opts = command.optsWithGlobals<{ db: string; debug?: boolean }>();
  return { db: opts.db, debug: opts.debug === true };
}
