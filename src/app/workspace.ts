// What the use cases work in: the SQLite store (candles, runs, sweeps), where sweep results go
// (the store, or PostgreSQL shared by several machines) and the clock. Opened and closed here
// only, for the CLI (per command) and later the REST API (once per server).
import { InputError, systemClock } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import { openStore, PgSweepStore } from '../store/index.ts';
import type { Store, SweepRepository } from '../store/index.ts';

export interface Workspace {
  readonly store: Store;
  /** Sweep results: `store.sweeps` unless a PostgreSQL URL was given. */
  readonly results: SweepRepository;
  readonly clock: Clock;
}

export interface WorkspaceOptions {
  /** SQLite file path. */
  readonly db: string;
  /** `postgres://…` to keep sweep results in PostgreSQL; default the SQLite store. */
  readonly resultsUrl?: string | undefined;
  readonly clock?: Clock;
}

export interface OpenWorkspace extends Workspace {
  close(): Promise<void>;
}

/**
 * Opens the store and the results repository. Throws InputError for a results URL that is not
 * postgres://, and what the store or PostgreSQL throw (the store is closed again then).
 */
export async function openWorkspace(options: WorkspaceOptions): Promise<OpenWorkspace> {
  const url = options.resultsUrl;
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new InputError(`--store must be a postgres:// URL, got '${url}'`);
  const store = openStore(options.db);
  try {
    const pg = url === undefined ? undefined : await PgSweepStore.open(url);
    return {
      store,
      results: pg ?? store.sweeps,
      clock: options.clock ?? systemClock,
      close: async () => {
        try {
          await pg?.close();
        } finally {
          store.close();
        }
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** Runs `work` in an opened workspace and closes it afterwards, whatever happens. */
export async function withWorkspace<T>(options: WorkspaceOptions, work: (workspace: Workspace) => Promise<T> | T): Promise<T> {
  const workspace = await openWorkspace(options);
  try {
    return await work(workspace);
  } finally {
    await workspace.close();
  }
}
