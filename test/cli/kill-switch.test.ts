// `rampart kill`, `close-all` and `resume` as an operator runs them from another terminal: one
// line and exit 0, the flag in the store, the outcome printed when a running fleet carries the
// trigger out, an answer at once (whatever --wait) when no fleet holds the instances; an unknown
// instance or a bad --wait is one line with exit 2.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { systemClock } from '../../src/core/index.ts';
import { InstanceLocks, KillSwitch, lockDir } from '../../src/live/index.ts';
import { FleetRisk } from '../../src/risk/index.ts';
import { FLEET_SCOPE, openStore } from '../../src/store/index.ts';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

/** A store that a fleet with the instances k1 and k2 has run on. */
function fleetStore(): string {
  const db = path.join(tempDir(), 'fleet.db');
  const store = openStore(db);
  store.kills.registerInstances(['k1', 'k2'], systemClock.now());
  store.close();
  return db;
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

/** Runs the command, expects exit 0 and exactly one line on stdout; returns it. */
function oneLine(args: readonly string[]): string {
  const run = rampart(args);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1, run.stdout);
  return lines[0]!;
}

describe('kill switch commands', () => {
  test('kill, close-all and resume print one line each and leave the flags in the store', (t) => {
    const db = fleetStore();
    // A process holds the instances (as a running fleet does) but carries nothing out: the commands wait, then say so.
    const locks = InstanceLocks.acquire(db, ['k1', 'k2']);
    t.after(() => locks.release());
    assert.match(oneLine(['kill', '--db', db, '--wait', '0', '--reason', 'exchange incident']), /^kill of the fleet: halted: the flag is set; request #1 waits for the running fleet \(none took it within 0 s\), or is carried out at its next start$/);
    assert.match(oneLine(['close-all', '--db', db, '--wait', '0']), /^close-all of the fleet: already halted since \d{4}-[\d-]+T[\d:.]+Z \(cli: exchange incident\); request #2 waits/);
    assert.match(oneLine(['kill', '--db', db, '--instance', 'k2', '--wait', '0']), /^kill of instance k2: halted: the flag is set; request #3 waits/);
    const store = openStore(db);
    assert.deepEqual(store.kills.flags().map((f) => [f.scope, f.source, f.reason]), [[FLEET_SCOPE, 'cli', 'exchange incident'], ['k2', 'cli', 'operator kill']]);
    store.close();
    assert.equal(oneLine(['resume', '--db', db, '--instance', 'k2']), "lifted instance k2; the fleet's own flag still halts every instance (rampart resume lifts it)");
    assert.equal(oneLine(['resume', '--db', db]), 'lifted the fleet');
    assert.equal(oneLine(['resume', '--db', db]), 'nothing to resume: no kill flag was set');
  });

  test('with no fleet holding the store, kill answers at once: the flag is set and applies when a fleet starts', () => {
    const db = fleetStore();
    // A lock a dead process left (a crash) is no running fleet; --wait 600 would outlast the spawn's timeout.
    mkdirSync(lockDir(db), { recursive: true });
    writeFileSync(path.join(lockDir(db), 'k1.lock'), `${deadPid()}\n`);
    assert.match(oneLine(['kill', '--db', db, '--wait', '600']), /^kill of the fleet: halted: the flag is set; no fleet runs on this store, so request #1 is carried out when it starts$/);
    // One instance held by a living process, the other not: a kill of the other answers at once too.
    const locks = InstanceLocks.acquire(db, ['k1']);
    try {
      assert.match(oneLine(['close-all', '--db', db, '--instance', 'k2', '--wait', '600']), /^close-all of instance k2: halted: the flag is set; no fleet runs this instance, so request #2 is carried out when it starts$/);
    } finally {
      locks.release();
    }
    const store = openStore(db);
    assert.deepEqual(store.kills.flags().map((f) => f.scope), [FLEET_SCOPE, 'k2']);
    assert.deepEqual(store.kills.pending().map((e) => e.id), [1, 2]);
    store.close();
  });

  test('with a fleet running on the store, kill prints the outcome the fleet reports', async (t) => {
    const db = fleetStore();
    const store = openStore(db);
    const locks = InstanceLocks.acquire(db, ['k1', 'k2']);
    const fleet = new FleetRisk();
    const killSwitch = new KillSwitch({ kills: store.kills, clock: systemClock, fleet, targets: [], stopFile: path.join(tempDir(), 'EMERGENCY_STOP'), pollMs: 50 });
    await killSwitch.start();
    t.after(async () => {
      await killSwitch.stop();
      locks.release();
      store.close();
    });
    // Not spawnSync: this process's event loop runs the fleet's poll meanwhile.
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), 'kill', '--db', db, '--wait', '120'], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
    assert.equal(out, 'kill of the fleet: nothing was left to do (no open orders)\n');
    assert.equal(fleet.state.state, 'halted');
  });

  test('an unknown instance or a bad --wait is one line with exit code 2', () => {
    const db = fleetStore();
    for (const [args, message] of [
      [['kill', '--instance', 'k3'], /^rampart: --instance: unknown instance 'k3' \(known: k1, k2\)$/],
      [['close-all', '--instance', 'K1'], /^rampart: --instance: unknown instance 'K1' \(known: k1, k2\)$/],
      [['resume', '--instance', 'nope'], /^rampart: --instance: unknown instance 'nope'/],
      [['kill', '--wait', '-1'], /^rampart: --wait must be between 0 and 600 seconds, got '-1'$/],
      [['kill', '--wait', 'soon'], /^rampart: --wait must be a number, got 'soon'$/],
    ] as const) {
      const run = rampart([...args, '--db', db]);
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr.trim(), message);
    }
  });
});
