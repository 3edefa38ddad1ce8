// The workspace a command runs in: the --db store and, with --store, PostgreSQL for sweep results
// (sweep, walk-forward, select) or for a fleet's journal, orders and kill flags (run and the
// commands that read or halt a fleet).
import type { Command } from 'commander';
import { withWorkspace } from '../app/index.ts';
import type { Workspace } from '../app/index.ts';
import { globalOptions } from './global-options.ts';

/** Opens the command's workspace, runs `work` in it, and closes it whatever happens. */
export function inWorkspace<T>(command: Command, work: (workspace: Workspace) => Promise<T> | T, resultsUrl?: string, liveUrl?: string): Promise<T> {
  return withWorkspace({ db: globalOptions(command).db, resultsUrl, liveUrl }, work);
}

/** The --store option of the commands that run, read or halt a fleet. */
export const LIVE_STORE_FLAG = '--store <postgres://…>';
export const LIVE_STORE_HELP = 'the journal, orders and kill flags are in PostgreSQL instead of --db';
