// One instance in one process: the lock files a fleet takes per (store, instance), refused while
// their holder lives, taken over once it is dead, released at shutdown.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../src/core/index.ts';
import { InstanceLocks, lockDir } from '../../src/live/index.ts';
import { tempDir } from '../fixtures/cli.ts';

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

test('a database URL keeps its locks in a folder of its own under the temporary folder', () => {
  const a = lockDir('postgres://u@127.0.0.1/a');
  assert.notEqual(a, lockDir('postgres://u@127.0.0.1/b'));
  assert.match(a, /rampart-locks/);
});
