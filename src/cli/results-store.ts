// `--store`: where sweep results live. Default the SQLite file (--db); a postgres:// URL shares
// them between machines.
import { InputError } from '../core/index.ts';
import { PgSweepStore } from '../store/index.ts';
import type { Store, SweepRepository } from '../store/index.ts';

export interface ResultsStore {
  readonly repository: SweepRepository;
  close(): Promise<void>;
}

export async function openResultsStore(url: string | undefined, store: Store): Promise<ResultsStore> {
  if (url === undefined) return { repository: store.sweeps, close: async () => undefined };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new InputError(`--store must be a postgres:// URL, got '${url}'`);
  const pg = await PgSweepStore.open(url);
  return { repository: pg, close: () => pg.close() };
}
