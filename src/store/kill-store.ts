// The kill switch's records: the persisted flags (fleet-wide or per instance) a running fleet
// reads before every order, so a kill holds across restarts, and the journal of every trigger
// (kill, close-all, resume) with its outcome. A trigger that needs work at the exchange (cancel
// orders, sell positions) is written `pending`; whoever carries it out (the running fleet, or the
// command itself when no fleet runs) claims it first, so it is done once. A pause flag (per scope,
// set and lifted through the API) holds an instance or the fleet in the `reducing` trading state:
// no new entries, exits allowed; a kill flag is stronger and wins.
import { byCodePoint } from './sql-session.ts';
import type { SqlSession } from './sql-session.ts';

/** The scope of a flag or trigger that covers the whole fleet; any other scope is an instance name. */
export const FLEET_SCOPE = '*';

/** What a trigger does; `pause` and `unpause` set and lift a pause flag (done at once, nothing to carry out). */
export type KillAction = 'kill' | 'close-all' | 'resume' | 'pause' | 'unpause';

/**
 * Who pulled the switch: the command line, the EMERGENCY_STOP file, the API, the fleet itself (a
 * rule), or an instance's start-up recovery (live/recovery.ts: its record and the exchange disagree).
 */
export type KillSource = 'cli' | 'file' | 'api' | 'fleet' | 'recovery';

/** `pending`: waits for a fleet (or the command) to carry it out; `running`: claimed; `done`: outcome written. */
export type KillEventStatus = 'pending' | 'running' | 'done';

export interface KillFlag {
  /** FLEET_SCOPE or an instance name. */
  readonly scope: string;
  readonly source: KillSource;
  readonly reason: string;
  /** UTC ms. */
  readonly setAt: number;
}

export interface KillEvent {
  readonly id: number;
  /** When the trigger was written, UTC ms. */
  readonly time: number;
  readonly scope: string;
  readonly action: KillAction;
  readonly source: KillSource;
  readonly reason: string;
  readonly status: KillEventStatus;
  /** One line: what was done ("cancelled 2 orders", "nothing was left to do"); null until done. */
  readonly outcome: string | null;
  /** The full report as JSON (orders cancelled, sold, dust); null until done. */
  readonly report: unknown;
  readonly doneAt: number | null;
}

export interface NewKillTrigger {
  readonly scope: string;
  readonly action: 'kill' | 'close-all' | 'resume';
  readonly source: KillSource;
  readonly reason: string;
  /** UTC ms. */
  readonly time: number;
}

export interface TriggerResult {
  readonly event: KillEvent;
  /** For kill and close-all: the flag now in force (the earlier one when it was already set). */
  readonly flag: KillFlag | undefined;
  /** For kill and close-all: the flag was set before this trigger; for resume: there was a flag to lift. */
  readonly wasSet: boolean;
}

interface EventRow {
  id: number;
  time: number;
  scope: string;
  action: KillAction;
  source: KillSource;
  reason: string;
  status: KillEventStatus;
  outcome: string | null;
  report: string | null;
  done_at: number | null;
}

interface FlagRow {
  scope: string;
  source: KillSource;
  reason: string;
  set_at: number;
}

export class KillStore {
  constructor(private readonly sql: SqlSession) {}

  /** Every flag in force, the fleet's first, then by instance name. */
  flags(): KillFlag[] {
    return fleetFirst(this.sql.all<FlagRow>('SELECT * FROM kill_flags'));
  }

  /** The flag of one scope (FLEET_SCOPE or an instance), if set. */
  flag(scope: string): KillFlag | undefined {
    const row = this.sql.get<FlagRow>('SELECT * FROM kill_flags WHERE scope = ?', [scope]);
    return row === undefined ? undefined : flagFromRow(row);
  }

  /**
   * Writes a trigger and its effect on the flags in one transaction. kill and close-all set the
   * scope's flag unless it is set (the first setter, time and reason are kept); resume lifts it
   * (FLEET_SCOPE lifts every flag, the instances' too). kill and close-all are written `pending`
   * (they need work at the exchange); a resume is `done` at once, with its outcome.
   */
  trigger(trigger: NewKillTrigger): TriggerResult {
    return this.sql.transaction((): TriggerResult => {
      if (trigger.action === 'resume') {
        const lifted = trigger.scope === FLEET_SCOPE ? this.flags() : [this.flag(trigger.scope)].filter((f) => f !== undefined);
        if (trigger.scope === FLEET_SCOPE) this.sql.run('DELETE FROM kill_flags');
        else this.sql.run('DELETE FROM kill_flags WHERE scope = ?', [trigger.scope]);
        const outcome = lifted.length === 0 ? 'nothing to resume: no kill flag was set' : `lifted ${lifted.map((f) => describeScope(f.scope)).join(', ')}`;
        const id = this.insertEvent(trigger, 'done');
        this.finish(id, outcome, { lifted }, trigger.time);
        return { event: this.event(id)!, flag: undefined, wasSet: lifted.length > 0 };
      }
      const before = this.flag(trigger.scope);
      if (before === undefined) {
        this.sql.run('INSERT INTO kill_flags (scope, source, reason, set_at) VALUES (?, ?, ?, ?)', [trigger.scope, trigger.source, trigger.reason, trigger.time]);
      }
      const id = this.insertEvent(trigger, 'pending');
      return { event: this.event(id)!, flag: this.flag(trigger.scope), wasSet: before !== undefined };
    });
  }

  /** Every pause flag in force, the fleet's first, then by instance name. */
  pauses(): KillFlag[] {
    return fleetFirst(this.sql.all<FlagRow>('SELECT * FROM pause_flags'));
  }

  /**
   * Sets the pause flag of a scope (the first setter, time and reason are kept) and journals it as
   * a `pause` event, done at once; `wasSet` says the scope was paused already.
   */
  pause(pause: Omit<NewKillTrigger, 'action'>): { event: KillEvent; wasSet: boolean } {
    return this.sql.transaction(() => {
      const inserted = this.sql.run('INSERT INTO pause_flags (scope, source, reason, set_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [pause.scope, pause.source, pause.reason, pause.time]);
      const id = this.insertEvent({ ...pause, action: 'pause' }, 'done');
      this.finish(id, inserted === 1 ? `paused ${describeScope(pause.scope)}: no new entries, exits allowed` : `${describeScope(pause.scope)} was paused already`, null, pause.time);
      return { event: this.event(id)!, wasSet: inserted === 0 };
    });
  }

  /** Lifts the pause flag of a scope and journals an `unpause` event; `wasSet` says there was one. */
  unpause(unpause: Omit<NewKillTrigger, 'action'>): { event: KillEvent; wasSet: boolean } {
    return this.sql.transaction(() => {
      const deleted = this.sql.run('DELETE FROM pause_flags WHERE scope = ?', [unpause.scope]);
      const id = this.insertEvent({ ...unpause, action: 'unpause' }, 'done');
      this.finish(id, deleted === 1 ? `unpaused ${describeScope(unpause.scope)}` : `nothing to unpause: ${describeScope(unpause.scope)} was not paused`, null, unpause.time);
      return { event: this.event(id)!, wasSet: deleted === 1 };
    });
  }

  /** Triggers waiting to be carried out, oldest first. */
  pending(): KillEvent[] {
    return this.sql.all<EventRow>("SELECT * FROM kill_events WHERE status = 'pending' ORDER BY id").map(eventFromRow);
  }

  /** Takes a pending trigger to carry it out; false when another process took it first. */
  claim(id: number): boolean {
    return this.sql.run("UPDATE kill_events SET status = 'running' WHERE id = ? AND status = 'pending'", [id]) === 1;
  }

  /**
   * Puts triggers claimed by a process that died before finishing back to `pending`. Call it at a
   * fleet's start, when no other process carries out triggers on this store.
   */
  requeueInterrupted(): number {
    return this.sql.run("UPDATE kill_events SET status = 'pending' WHERE status = 'running'");
  }

  /** Writes a trigger's outcome (one line) and its report (JSON-serialisable); `time` UTC ms. */
  finish(id: number, outcome: string, report: unknown, time: number): void {
    this.sql.run("UPDATE kill_events SET status = 'done', outcome = ?, report = ?, done_at = ? WHERE id = ?", [outcome, JSON.stringify(report), time, id]);
  }

  event(id: number): KillEvent | undefined {
    const row = this.sql.get<EventRow>('SELECT * FROM kill_events WHERE id = ?', [id]);
    return row === undefined ? undefined : eventFromRow(row);
  }

  /** The journal of triggers, newest first. */
  events(limit = 100): KillEvent[] {
    return this.sql.all<EventRow>('SELECT * FROM kill_events ORDER BY id DESC LIMIT ?', [limit]).map(eventFromRow);
  }

  /** Records the instances a fleet runs (at its start), so commands can tell a known name from a typo. */
  registerInstances(names: readonly string[], time: number): void {
    this.sql.transaction(() => {
      for (const name of names) this.sql.run('INSERT INTO kill_instances (name, registered_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [name, time]);
    });
  }

  /** Instances this store knows: registered by a fleet, or with orders on record. Sorted by code point. */
  knownInstances(): string[] {
    const rows = this.sql.all<{ name: string }>('SELECT name FROM kill_instances UNION SELECT DISTINCT instance FROM orders');
    return rows.map((r) => r.name).sort(byCodePoint);
  }

  private insertEvent(trigger: Omit<NewKillTrigger, 'action'> & { readonly action: KillAction }, status: KillEventStatus): number {
    const row = this.sql.get<{ id: number }>(
      'INSERT INTO kill_events (time, scope, action, source, reason, status) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      [trigger.time, trigger.scope, trigger.action, trigger.source, trigger.reason, status],
    );
    return row!.id;
  }
}

/** "the fleet" or "instance NAME", for one-line messages. */
export function describeScope(scope: string): string {
  return scope === FLEET_SCOPE ? 'the fleet' : `instance ${scope}`;
}

/** The rows as flags, the fleet's first, then by instance name (code-point order, the same on SQLite and PostgreSQL). */
function fleetFirst(rows: FlagRow[]): KillFlag[] {
  const rank = (scope: string): number => (scope === FLEET_SCOPE ? 0 : 1);
  return rows.sort((a, b) => rank(a.scope) - rank(b.scope) || byCodePoint(a.scope, b.scope)).map(flagFromRow);
}

function flagFromRow(r: FlagRow): KillFlag {
  return { scope: r.scope, source: r.source, reason: r.reason, setAt: r.set_at };
}

function eventFromRow(r: EventRow): KillEvent {
  return {
    id: r.id,
    time: r.time,
    scope: r.scope,
    action: r.action,
    source: r.source,
    reason: r.reason,
    status: r.status,
    outcome: r.outcome,
    report: r.report === null ? null : (JSON.parse(r.report) as unknown),
    doneAt: r.done_at,
  };
}
