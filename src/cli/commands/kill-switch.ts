// `rampart kill`, `rampart close-all`, `rampart resume`: the kill switch from another terminal.
// Each writes the persisted flag and a trigger row in the store (--db, or PostgreSQL with
// --store) and, for kill and close-all, waits up to --wait seconds for the running fleet to carry
// the trigger out and prints its outcome; with no fleet running (no process holds the instances'
// locks: lock files beside a SQLite store, advisory locks on PostgreSQL) it answers at once: the
// flag holds and the fleet carries the trigger out when it starts (live/kill-switch.ts says why the
// store is the channel).
import type { Command } from 'commander';
import { InputError } from '../../core/index.ts';
import { runningInstances } from '../../live/index.ts';
import { describeScope, FLEET_SCOPE } from '../../store/index.ts';
import type { KillAction, KillEvent, KillStore } from '../../store/index.ts';
import { commandDescription } from '../command-table.ts';
import { parseNumberFlag } from '../parse-values.ts';
import { inWorkspace, LIVE_STORE_FLAG, LIVE_STORE_HELP } from '../workspace.ts';

interface KillFlags {
  readonly instance?: string;
  readonly reason?: string;
  readonly wait: string;
  readonly store?: string;
}

/** How often the command looks for the fleet's outcome, ms. */
const OUTCOME_POLL_MS = 100;
/** The longest --wait, seconds: a command that waits longer looks hung. */
const MAX_WAIT_S = 600;

export function registerKill(program: Command): void {
  register(program, 'kill');
}

export function registerCloseAll(program: Command): void {
  register(program, 'close-all');
}

export function registerResume(program: Command): void {
  program
    .command('resume')
    .description(commandDescription('resume'))
    .option('--instance <name>', "lift only this instance's flag (default: every flag, the fleet's and the instances')")
    .option('--reason <text>', 'why, for the journal')
    .option(LIVE_STORE_FLAG, LIVE_STORE_HELP)
    .action(async (flags: Omit<KillFlags, 'wait'>, command: Command) => {
      await inWorkspace(command, ({ live: store, clock }) => {
        const scope = scopeOf(store.kills, flags.instance);
        const { event } = store.kills.trigger({ scope, action: 'resume', source: 'cli', reason: oneLine(flags.reason ?? 'operator resume'), time: clock.now() });
        const fleetFlag = scope === FLEET_SCOPE ? undefined : store.kills.flag(FLEET_SCOPE);
        console.log(`${event.outcome}${fleetFlag === undefined ? '' : `; the fleet's own flag still halts every instance (rampart resume lifts it)`}`);
      }, undefined, flags.store);
    });
}

function register(program: Command, action: Extract<KillAction, 'kill' | 'close-all'>): void {
  program
    .command(action)
    .description(commandDescription(action))
    .option('--instance <name>', 'only this instance (default: the whole fleet)')
    .option('--reason <text>', 'why, for the journal and the status table')
    .option('--wait <seconds>', 'how long to wait for the running fleet to report what it did', '10')
    .option(LIVE_STORE_FLAG, LIVE_STORE_HELP)
    .action(async (flags: KillFlags, command: Command) => {
      const waitS = parseNumberFlag('wait', flags.wait);
      if (waitS < 0 || waitS > MAX_WAIT_S) throw new InputError(`--wait must be between 0 and ${MAX_WAIT_S} seconds, got '${flags.wait}'`);
      await inWorkspace(command, async ({ live: store, clock }) => {
        const scope = scopeOf(store.kills, flags.instance);
        const result = store.kills.trigger({ scope, action, source: 'cli', reason: oneLine(flags.reason ?? `operator ${action}`), time: clock.now() });
        const flag = result.flag!;
        const since = result.wasSet ? `already halted since ${new Date(flag.setAt).toISOString()} (${flag.source}: ${flag.reason})` : 'halted: the flag is set';
        // No process holds the scope's instances (live/instance-lock.ts): nobody would carry it out while we wait.
        const running = runningInstances(store).filter((held) => scope === FLEET_SCOPE || held.instance === scope);
        if (running.length === 0) {
          console.log(`${action} of ${describeScope(scope)}: ${since}; no fleet runs ${scope === FLEET_SCOPE ? 'on this store' : 'this instance'}, so request #${result.event.id} is carried out when it starts`);
          return;
        }
        const done = await outcomeOf(store.kills, result.event.id, waitS * 1_000);
        if (done !== undefined) {
          console.log(done.outcome);
          return;
        }
        console.log(`${action} of ${describeScope(scope)}: ${since}; request #${result.event.id} waits for the running fleet (none took it within ${waitS} s), or is carried out at its next start`);
      }, undefined, flags.store);
    });
}

/** The scope an --instance names: FLEET_SCOPE without one; an InputError for a name the store has never seen. */
function scopeOf(kills: KillStore, instance: string | undefined): string {
  if (instance === undefined) return FLEET_SCOPE;
  const known = kills.knownInstances();
  if (!known.includes(instance)) {
    throw new InputError(`--instance: unknown instance '${instance}' (${known.length === 0 ? 'this store knows no instances yet' : `known: ${known.join(', ')}`})`);
  }
  return instance;
}

/** The trigger once carried out, or undefined when it is still waiting after `waitMs`. */
async function outcomeOf(kills: KillStore, id: number, waitMs: number): Promise<KillEvent | undefined> {
  const rounds = Math.ceil(waitMs / OUTCOME_POLL_MS);
  for (let i = 0; ; i++) {
    const event = kills.event(id);
    if (event?.status === 'done') return event;
    if (i >= rounds) return undefined;
    await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_MS));
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
