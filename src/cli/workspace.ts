// The workspace a command runs in: the --db store and, with --store, PostgreSQL for sweep results.
import type { Command } from 'commander';
import { withWorkspace } from '../app/index.ts';
import type { Workspace } from '../app/index.ts';
import { globalOptions } from './global-options.ts';

/** Opens the command's workspace, runs `work` in it, and closes it whatever happens. */
export function inWorkspace<T>(command: Command, work: (workspace: Workspace) => Promise<T> | T, resultsUrl?: string): Promise<T> {
  return withWorkspace({ db: globalOptions(command).db, resultsUrl }, work);
}
