// Distributed sweeps on the real Redis server here: two `rampart worker` processes, one killed
// with SIGKILL mid-sweep; the sweep still completes with exactly the local results.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

const dir = tempDir();
// A queue prefix of its own, so this test never meets another run's jobs.
const REDIS = `redis://127.0.0.1:6379/0?prefix=rampart-test-${process.pid}`;
const BIN = path.join(ROOT, 'bin/rampart.js');
const children: ChildProcess[] = [];

interface Started {
  readonly child: ChildProcess;
  /** Resolves when the worker has logged `jobs` finished jobs. */
  jobsDone(jobs: number): Promise<void>;
}

function startWorker(name: string): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', REDIS, '--lock-ms', '1500', '--db', path.join(dir, `${name}.db`)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let output = '';
  const waiters: { jobs: number; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const done = (output.match(/scenarios done/g) ?? []).length;
    for (const w of waiters.filter((w) => done >= w.jobs)) w.resolve();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start within 30 s`)), 30_000);
    child.stdout!.on('data', () => {
      if (output.includes('worker ready')) {
        clearTimeout(timer);
        resolve({
          child,
          jobsDone: (jobs) =>
            new Promise<void>((ok, fail) => {
              const t = setTimeout(() => fail(new Error(`worker ${name} did not finish ${jobs} jobs in 60 s`)), 60_000);
              waiters.push({ jobs, resolve: () => (clearTimeout(t), ok()) });
            }),
        });
      }
    });
  });
}

function runSweep(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  await redis.connect();
  const keys = await redis.keys(`rampart-test-${process.pid}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('distributed sweep on Redis', () => {
  test('a worker killed mid-sweep loses nothing: results equal the local run, none counted twice', async () => {
    const first = await startWorker('a');
    const second = await startWorker('b');
    const sweep = runSweep(['sweep', '--config', 'examples/sweep.yml', '--workers', REDIS, '--json', '--db', path.join(dir, 'dist.db')]);
    await first.jobsDone(3);
    first.child.kill('SIGKILL');
    const result = await sweep;
    second.child.kill('SIGTERM');
    assert.equal(result.status, 0, result.stderr);
    const distributed = JSON.parse(result.stdout) as { complete: boolean; results: { symbol: string; timeframe: string; params: unknown }[] };
    assert.equal(distributed.complete, true);
    assert.equal(distributed.results.length, 2700);
    assert.equal(new Set(distributed.results.map((r) => JSON.stringify([r.symbol, r.timeframe, r.params]))).size, 2700);
    const local = rampart(['sweep', '--config', 'examples/sweep.yml', '--workers', '2', '--json', '--db', path.join(dir, 'local.db')]);
    assert.equal(local.status, 0, local.stderr);
    assert.deepEqual(distributed.results, (JSON.parse(local.stdout) as { results: unknown[] }).results);
  });

  test('an unreachable Redis is one line and exit code 2', () => {
    const run = rampart(['sweep', '--symbols', 'BTCUSDT', '--timeframes', '1d', '--fast', '3..5', '--workers', 'redis://127.0.0.1:6399', '--db', path.join(dir, 'x.db')]);
    assert.equal(run.status, 2);
    // The line naming the candle set comes first (the sets load before Redis is asked); the error is one line.
    assert.deepEqual(run.stderr.trim().split('\n').map((line) => line.split(' ')[0]), ['data:', 'rampart:']);
    assert.match(run.stderr, /cannot reach Redis at 127\.0\.0\.1:6399 \(connect ECONNREFUSED/);
    const worker = rampart(['worker', '--redis', 'redis://127.0.0.1:6399', '--db', path.join(dir, 'y.db')]);
    assert.equal(worker.status, 2);
    assert.match(worker.stderr, /cannot reach Redis/);
  });
});
