// Options every sub-command inherits from the root command.
import path from 'node:path';
import type { Command } from 'commander';
import { shellQuote } from '../core/index.ts';

/** The store file when --db is not given. */
export const DEFAULT_DB = 'rampart.db';

export interface GlobalOptions {
  readonly db: string;
  readonly debug: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const opts = command.optsWithGlobals<{ db: string; debug?: boolean }>();
  return { db: opts.db, debug: opts.debug === true };
}

/** The `--db PATH ` a printed command needs to reach the same store ('' for the default file). */
export function dbFlag(dbPath: string): string {
  return path.resolve(dbPath) === path.resolve(DEFAULT_DB) ? '' : `--db ${shellQuote(dbPath)} `;
}
