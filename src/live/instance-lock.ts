// One instance runs in one process at a time (issue 14, "a second process on the same instance"):
// two processes trading the same instance would send its orders twice and write one journal from
// two sides. The lock is a file per (store, instance) holding the owner's pid, created with O_EXCL
// so that of two processes starting together exactly one gets it. A lock whose pid is no longer
// alive (a crash, kill -9) is stale and taken over; the pid check works because the store is local
// to this machine (a SQLite file, or a database this host's processes share).
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../core/index.ts';

/** The instances a process holds; release them all at shutdown. */
export class InstanceLocks {
  private constructor(private readonly files: readonly string[]) {}

  /**
   * Takes the lock of every instance named, for the store at `storePath` (a SQLite file or a
   * database URL). Throws InputError (exit 2, one line) naming the first instance another living
   * process holds, with its pid, after releasing whatever this call took.
   */
  static acquire(storePath: string, instances: readonly string[], pid = process.pid): InstanceLocks {
    const dir = lockDir(storePath);
    mkdirSync(dir, { recursive: true });
    const taken: string[] = [];
    try {
      for (const instance of instances) {
        const file = path.join(dir, `${encodeURIComponent(instance)}.lock`);
        const holder = take(file, pid);
        if (holder !== undefined) throw new InputError(`instance '${instance}' already runs in process ${holder} on this store (one instance runs in one process at a time; stop it first)`, { file: storePath });
        taken.push(file);
      }
    } catch (error) {
      new InstanceLocks(taken).release(pid);
      throw error;
    }
    return new InstanceLocks(taken);
  }

  /** Removes the lock files this process still owns (idempotent). */
  release(pid = process.pid): void {
    for (const file of this.files) if (ownerOf(file) === pid) unlinkSync(file);
  }
}

/**
 * The instances a living process holds on the store at `storePath` (stale locks left out), with
 * that process's pid, by instance name. Empty when no fleet runs on the store.
 */
export function runningInstances(storePath: string): { instance: string; pid: number }[] {
  let names: string[];
  try {
    names = readdirSync(lockDir(storePath));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => {
    if (!name.endsWith('.lock')) return [];
    const pid = ownerOf(path.join(lockDir(storePath), name));
    return pid !== undefined && isAlive(pid) ? [{ instance: decodeURIComponent(name.slice(0, -'.lock'.length)), pid }] : [];
  });
}

/**
 * Where the locks of a store live: beside a SQLite file (`<file>.locks/`), in the system's
 * temporary folder keyed by a hash of the address for a database URL.
 */
export function lockDir(storePath: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(storePath)) {
    return path.join(os.tmpdir(), 'rampart-locks', createHash('sha256').update(storePath).digest('hex').slice(0, 16));
  }
  return `${path.resolve(storePath)}.locks`;
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
