// One instance runs in one process at a time (issue 14, "a second process on the same instance"):
// two processes trading the same instance would send its orders twice and write one journal from
// two sides. On a SQLite store the lock is a file per (store, instance) holding the owner's pid,
// created with O_EXCL so that of two processes starting together exactly one gets it; a lock whose
// pid is no longer alive (a crash, kill -9) is stale and taken over, which works because the file
// is local to this machine. On PostgreSQL, which processes on several machines may share, it is an
// advisory lock of the store's own session (store/pg-live-store.ts): the server gives exactly one
// session each lock and frees it when the session ends, a crash included.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/index.ts';
import type { LiveStore, SessionLocks } from '../store/index.ts';

/** The instances a process holds; release them all at shutdown. */
export class InstanceLocks {
  private constructor(private readonly releaseAll: (pid: number) => void) {}

  /**
   * Takes the lock of every instance named on `store`: its session's locks when it has them
   * (PostgreSQL), else lock files beside its SQLite file. Throws InputError (exit 2, one line)
   * naming the first instance another process holds, with its pid when known, after releasing
   * whatever this call took.
   */
  static forStore(store: Pick<LiveStore, 'path' | 'locks'>, instances: readonly string[]): InstanceLocks {
    return store.locks === undefined ? InstanceLocks.acquire(store.path, instances) : InstanceLocks.inSession(store.locks, store.path, instances);
  }

  /**
   * Takes the lock of every instance named, for the store at `storePath` (a SQLite file or a
   * database URL). Throws InputError (exit 2, one line) naming the first instance another living
   * process holds, with its pid, after releasing whatever this call took.
   */
  static acquire(storePath: string, instances: readonly string[], pid = process.pid): InstanceLocks {
    const release = (files: readonly string[]) => (owner: number) => {
      for (const file of files) if (ownerOf(file) === owner) unlinkSync(file);
    };
    const dir = lockDir(storePath);
    mkdirSync(dir, { recursive: true });
    const taken: string[] = [];
    try {
      for (const instance of instances) {
        const file = path.join(dir, `${encodeURIComponent(instance)}.lock`);
        const holder = take(file, pid);
        if (holder !== undefined) throw alreadyRuns(instance, holder, storePath);
        taken.push(file);
      }
    } catch (error) {
      release(taken)(pid);
      throw error;
    }
    return new InstanceLocks(release(taken));
  }

  /** The session's lock of each instance; released by unlocking (or by the session's end). */
  private static inSession(locks: SessionLocks, storePath: string, instances: readonly string[]): InstanceLocks {
    const taken: string[] = [];
    const release = (): void => {
      for (const instance of taken.splice(0)) locks.unlock(instance);
    };
    for (const instance of instances) {
      if (!locks.tryLock(instance)) {
        release();
        throw alreadyRuns(instance, locks.held([instance])[0]?.pid, storePath);
      }
      taken.push(instance);
    }
    return new InstanceLocks(release);
  }

  /** Gives back the locks this process still owns (idempotent). */
  release(pid = process.pid): void {
    this.releaseAll(pid);
  }
}

/** An instance a process runs: its pid when known (a PostgreSQL server may not show it). */
export interface RunningInstance {
  readonly instance: string;
  readonly pid: number | undefined;
}

/**
 * The instances a process runs on `store`: on SQLite, the lock files whose process lives (stale
 * ones left out); on PostgreSQL, the instances the store knows (KillStore.knownInstances) whose
 * advisory lock a session holds. Empty when no fleet runs on the store.
 */
export function runningInstances(store: Pick<LiveStore, 'path' | 'locks' | 'kills'>): RunningInstance[] {
  if (store.locks !== undefined) return store.locks.held(store.kills.knownInstances()).map(({ name, pid }) => ({ instance: name, pid }));
  let names: string[];
  try {
    names = readdirSync(lockDir(store.path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => {
    if (!name.endsWith('.lock')) return [];
    const pid = ownerOf(path.join(lockDir(store.path), name));
    return pid !== undefined && isAlive(pid) ? [{ instance: decodeURIComponent(name.slice(0, -'.lock'.length)), pid }] : [];
  });
}

/** Where the lock files of a SQLite store live: beside it, in `<file>.locks/`. */
export function lockDir(storePath: string): string {
  return `${path.resolve(storePath)}.locks`;
}

function alreadyRuns(instance: string, holder: number | undefined, storePath: string): InputError {
  const where = holder === undefined ? 'another process' : `process ${holder}`;
  return new InputError(`instance '${instance}' already runs in ${where} on this store (one instance runs in one process at a time; stop it first)`, { file: storePath });
}

/** Creates the lock with our pid; the living holder's pid when another process has it. */
function take(file: string, pid: number): number | undefined {
  // Two rounds: the second after removing a stale lock; if another process won that race, it holds.
  for (let round = 0; round < 2; round++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = ownerOf(file);
    if (holder !== undefined && holder !== pid && isAlive(holder)) return holder;
    try {
      unlinkSync(file); // stale: its process is gone (or the file is empty or ours from before)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const holder = ownerOf(file);
  return holder ?? -1;
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks existence only; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
