// What the use cases work in: the SQLite store (candles, runs, sweeps), where sweep results go
// (the store, or PostgreSQL shared by several machines), where a fleet's journal, orders and kill
// flags go (the store, or PostgreSQL) and the clock. Opened and closed here only, for the CLI (per
// command) and later the REST API (once per server).
import { InputError, systemClock } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import { isPostgresUrl, openPgLiveStore, openStore, PgSweepStore } from '../store/index.ts';
import type { LiveStore, Store, SweepRepository } from '../store/index.ts';

export interface Workspace {
  readonly store: Store;
  /** Sweep results: `store.sweeps` unless a PostgreSQL URL was given. */
  readonly results: SweepRepository;
  /** A fleet's journal, orders and kill flags: `store` unless a PostgreSQL URL was given. */
  readonly live: LiveStore;
  readonly clock: Clock;
}

export interface WorkspaceOptions {
  /** SQLite file path. */
  readonly db: string;
  /** `postgres://…` to keep sweep results in PostgreSQL; default the SQLite store. */
  readonly resultsUrl?: string | undefined;
  /** `postgres://…` to keep the journal, orders and kill flags in PostgreSQL; default the SQLite store. */
  readonly liveUrl?: string | undefined;
  readonly clock?: Clock;
}

export interface OpenWorkspace extends Workspace {
  close(): Promise<void>;
}

/**
 * Opens the store, the results repository and the live store. Throws InputError for a URL that is
 * not postgres://, and what the store or PostgreSQL throw (whatever was opened is closed again then).
 */
export async function openWorkspace(options: WorkspaceOptions): Promise<OpenWorkspace> {
  const { resultsUrl, liveUrl } = options;
  for (const url of [resultsUrl, liveUrl]) {
    if (url !== undefined && !isPostgresUrl(url)) throw new InputError(`--store must be a postgres:// URL, got '${url}'`);
  }
  // PostgreSQL first: a store URL that cannot be used leaves no SQLite file behind.
  const live = liveUrl === undefined ? undefined : openPgLiveStore(liveUrl);
  let store: Store;
  try {
    store = openStore(options.db);
  } catch (error) {
    live?.close();
    throw error;
  }
  try {
    const pg = resultsUrl === undefined ? undefined : await PgSweepStore.open(resultsUrl);
    return {
      store,
      results: pg ?? store.sweeps,
      live: live ?? store,
      clock: options.clock ?? systemClock,
      close: async () => {
        try {
          await pg?.close();
        } finally {
          live?.close();
          store.close();
        }
      },
    };
  } catch (error) {
    live?.close();
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
