// One instance in one process: the lock files a fleet takes per (SQLite store, instance), refused
// while their holder lives, taken over once it is dead, released at shutdown; on PostgreSQL the
// store session's advisory locks, refused while another session holds them, freed with it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../src/core/index.ts';
import { InstanceLocks, lockDir } from '../../src/live/index.ts';
import { openPgLiveStore } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';
import { pgSchema } from '../fixtures/pg.ts';

test('a second holder of a living process is refused naming the instance and the pid; release lets it in', async () => {
  const db = path.join(tempDir(), 'fleet.db');
  // Another living process: a child that waits on its stdin.
  const other = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    const held = InstanceLocks.acquire(db, ['a', 'b'], other.pid!);
    assert.equal(readFileSync(path.join(lockDir(db), 'a.lock'), 'utf8').trim(), String(other.pid));
    assert.throws(() => InstanceLocks.acquire(db, ['c', 'b']), (error: unknown) => error instanceof InputError && error.message.includes(`instance 'b' already runs in process ${other.pid}`));
    // The refused call gave back what it took first.
    assert.equal(existsSync(path.join(lockDir(db), 'c.lock')), false);
    held.release(other.pid!);
    InstanceLocks.acquire(db, ['b']).release();
  } finally {
    other.stdin!.end();
    await once(other, 'exit');
  }
});

test('a lock left by a dead process (a crash) is taken over', () => {
  const db = path.join(tempDir(), 'fleet.db');
  const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  const deadPid = Number(dead.stdout.trim());
  InstanceLocks.acquire(db, ['a'], deadPid);
  const locks = InstanceLocks.acquire(db, ['a']);
  assert.equal(readFileSync(path.join(lockDir(db), 'a.lock'), 'utf8').trim(), String(process.pid));
  locks.release();
  assert.equal(existsSync(path.join(lockDir(db), 'a.lock')), false);
});

test('release leaves a lock another process took over', () => {
  const db = path.join(tempDir(), 'fleet.db');
  const locks = InstanceLocks.acquire(db, ['a']);
  writeFileSync(path.join(lockDir(db), 'a.lock'), `${process.ppid}\n`);
  locks.release();
  assert.equal(readFileSync(path.join(lockDir(db), 'a.lock'), 'utf8').trim(), String(process.ppid));
});

test('on PostgreSQL a second session is refused naming the instance and the pid; a closed session frees its locks', async () => {
  const schema = await pgSchema('locks');
  const first = openPgLiveStore(schema.url);
  const second = openPgLiveStore(schema.url);
  try {
    const held = InstanceLocks.forStore(first, ['a', 'b']);
    assert.throws(() => InstanceLocks.forStore(second, ['c', 'b']), (error: unknown) => error instanceof InputError && error.message.includes(`instance 'b' already runs in process ${process.pid} on this store`));
    // The refused call gave back what it took first.
    assert.equal(first.locks!.tryLock('c'), true);
    first.locks!.unlock('c');
    held.release();
    InstanceLocks.forStore(second, ['a', 'b']).release();
    InstanceLocks.forStore(first, ['a']);
    first.close(); // the session ends, as at a crash: the server frees its locks
    InstanceLocks.forStore(second, ['a']).release();
  } finally {
    first.close();
    second.close();
    await schema.drop();
  }
});
