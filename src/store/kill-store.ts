// The kill switch's records: the persisted flags (fleet-wide or per instance) a running fleet
// reads before every order, so a kill holds across restarts, and the journal of every trigger
// (kill, close-all, resume) with its outcome. A trigger that needs work at the exchange (cancel
// orders, sell positions) is written `pending`; whoever carries it out (the running fleet, or the
// command itself when no fleet runs) claims it first, so it is done once.
import type { Database, Statement } from 'better-sqlite3';

/** The scope of a flag or trigger that covers the whole fleet; any other scope is an instance name. */
export const FLEET_SCOPE = '*';

export type KillAction = 'kill' | 'close-all' | 'resume';

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
  readonly action: KillAction;
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
  private readonly insertEvent: Statement;
  private readonly selectFlag: Statement;

  constructor(private readonly db: Database) {
    this.insertEvent = db.prepare(
      'INSERT INTO kill_events (time, scope, action, source, reason, status) VALUES (@time, @scope, @action, @source, @reason, @status)',
    );
    this.selectFlag = db.prepare('SELECT * FROM kill_flags WHERE scope = ?');
  }

  /** Every flag in force, the fleet's first. */
  flags(): KillFlag[] {
    return (this.db.prepare(`SELECT * FROM kill_flags ORDER BY scope = '${FLEET_SCOPE}' DESC, scope`).all() as FlagRow[]).map(flagFromRow);
  }

  /** The flag of one scope (FLEET_SCOPE or an instance), if set. */
  flag(scope: string): KillFlag | undefined {
    const row = this.selectFlag.get(scope) as FlagRow | undefined;
    return row === undefined ? undefined : flagFromRow(row);
  }

  /**
   * Writes a trigger and its effect on the flags in one transaction. kill and close-all set the
   * scope's flag unless it is set (the first setter, time and reason are kept); resume lifts it
   * (FLEET_SCOPE lifts every flag, the instances' too). kill and close-all are written `pending`
   * (they need work at the exchange); a resume is `done` at once, with its outcome.
   */
  trigger(trigger: NewKillTrigger): TriggerResult {
    return this.db.transaction((): TriggerResult => {
      if (trigger.action === 'resume') {
        const lifted = trigger.scope === FLEET_SCOPE ? this.flags() : [this.flag(trigger.scope)].filter((f) => f !== undefined);
        if (trigger.scope === FLEET_SCOPE) this.db.prepare('DELETE FROM kill_flags').run();
        else this.db.prepare('DELETE FROM kill_flags WHERE scope = ?').run(trigger.scope);
        const outcome = lifted.length === 0 ? 'nothing to resume: no kill flag was set' : `lifted ${lifted.map((f) => describeScope(f.scope)).join(', ')}`;
        const id = Number(this.insertEvent.run({ ...trigger, status: 'done' }).lastInsertRowid);
        this.finish(id, outcome, { lifted }, trigger.time);
        return { event: this.event(id)!, flag: undefined, wasSet: lifted.length > 0 };
      }
      const before = this.flag(trigger.scope);
      if (before === undefined) {
        this.db.prepare('INSERT INTO kill_flags (scope, source, reason, set_at) VALUES (?, ?, ?, ?)').run(trigger.scope, trigger.source, trigger.reason, trigger.time);
      }
      const id = Number(this.insertEvent.run({ ...trigger, status: 'pending' }).lastInsertRowid);
      return { event: this.event(id)!, flag: this.flag(trigger.scope), wasSet: before !== undefined };
    })();
  }

  /** Triggers waiting to be carried out, oldest first. */
  pending(): KillEvent[] {
    return (this.db.prepare("SELECT * FROM kill_events WHERE status = 'pending' ORDER BY id").all() as EventRow[]).map(eventFromRow);
  }

  /** Takes a pending trigger to carry it out; false when another process took it first. */
  claim(id: number): boolean {
    return this.db.prepare("UPDATE kill_events SET status = 'running' WHERE id = ? AND status = 'pending'").run(id).changes === 1;
  }

  /**
   * Puts triggers claimed by a process that died before finishing back to `pending`. Call it at a
   * fleet's start, when no other process carries out triggers on this store.
   */
  requeueInterrupted(): number {
    return this.db.prepare("UPDATE kill_events SET status = 'pending' WHERE status = 'running'").run().changes;
  }

  /** Writes a trigger's outcome (one line) and its report (JSON-serialisable); `time` UTC ms. */
  finish(id: number, outcome: string, report: unknown, time: number): void {
    this.db.prepare("UPDATE kill_events SET status = 'done', outcome = ?, report = ?, done_at = ? WHERE id = ?").run(outcome, JSON.stringify(report), time, id);
  }

  event(id: number): KillEvent | undefined {
    const row = this.db.prepare('SELECT * FROM kill_events WHERE id = ?').get(id) as EventRow | undefined;
    return row === undefined ? undefined : eventFromRow(row);
  }

  /** The journal of triggers, newest first. */
  events(limit = 100): KillEvent[] {
    return (this.db.prepare('SELECT * FROM kill_events ORDER BY id DESC LIMIT ?').all(limit) as EventRow[]).map(eventFromRow);
  }

  /** Records the instances a fleet runs (at its start), so commands can tell a known name from a typo. */
  registerInstances(names: readonly string[], time: number): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO kill_instances (name, registered_at) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const name of names) insert.run(name, time);
    })();
  }

  /** Instances this store knows: registered by a fleet, or with orders on record. Sorted. */
  knownInstances(): string[] {
    const rows = this.db.prepare('SELECT name FROM kill_instances UNION SELECT DISTINCT instance FROM orders ORDER BY 1').all() as { name: string }[];
    return rows.map((r) => r.name);
  }
}

/** "the fleet" or "instance NAME", for one-line messages. */
export function describeScope(scope: string): string {
  return scope === FLEET_SCOPE ? 'the fleet' : `instance ${scope}`;
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
