// `rampart kill` and `close-all` on a PostgreSQL store tell at once whether a fleet runs there: the
// instances' advisory locks are read from pg_locks (the store's own schema only), so with none held
// they answer without waiting out --wait, and with one held they wait for the fleet. A session of
// this process stands for the running fleet; the server is the real one (127.0.0.1:5432, `test`).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { InstanceLocks } from '../../src/live/index.ts';
import { openPgLiveStore } from '../../src/store/index.ts';
import type { LiveStore } from '../../src/store/index.ts';
import { rampart, tempDir } from '../fixtures/cli.ts';
import { pgSchema } from '../fixtures/pg.ts';
import type { PgSchema } from '../fixtures/pg.ts';

const db = path.join(tempDir('rampart-kill-pg-'), 'unused.db');
let schema: PgSchema;
let elsewhere: PgSchema;
const opened: LiveStore[] = [];

before(async () => {
  schema = await pgSchema('kill');
  elsewhere = await pgSchema('kill_elsewhere');
});

after(async () => {
  for (const store of opened) store.close();
  await schema.drop();
  await elsewhere.drop();
});

function open(url: string): LiveStore {
  const store = openPgLiveStore(url);
  opened.push(store);
  return store;
}

/** Runs the command on the schema's store; its one line of output. A --wait of 600 s it waited out would exceed the run's 120 s bound. */
function command(...args: string[]): string {
  const run = rampart(['--db', db, ...args, '--store', schema.url]);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

test('with no advisory lock held kill answers at once; with an instance locked it waits for the fleet', () => {
  const fleet = open(schema.url);
  fleet.kills.registerInstances(['k1', 'k2'], Date.now());

  assert.match(command('kill', '--wait', '600'), /^kill of the fleet: halted: the flag is set; no fleet runs on this store, so request #\d+ is carried out when it starts$/);
  command('resume');

  // A fleet's session holds k1, as `rampart run` does while the instance runs.
  const locks = InstanceLocks.forStore(fleet, ['k1']);
  assert.deepEqual(fleet.locks!.held(['k1', 'k2']), [{ name: 'k1', pid: process.pid }], 'the lock and the process holding it');
  assert.match(command('close-all', '--instance', 'k2', '--wait', '600'), /^close-all of instance k2: halted: the flag is set; no fleet runs this instance, so request #\d+ is carried out when it starts$/);
  assert.match(command('kill', '--wait', '0.3'), /^kill of the fleet: halted: the flag is set; request #\d+ waits for the running fleet \(none took it within 0\.3 s\), or is carried out at its next start$/);
  assert.match(command('kill', '--instance', 'k1', '--wait', '0.3'), /^kill of instance k1: .*request #\d+ waits for the running fleet/);
  command('resume');

  // The same instance name running on another schema of the database is another store's fleet.
  locks.release();
  InstanceLocks.forStore(open(elsewhere.url), ['k1']);
  assert.deepEqual(fleet.locks!.held(['k1', 'k2']), []);
  assert.match(command('kill', '--wait', '600'), /no fleet runs on this store/);
});
