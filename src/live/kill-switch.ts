// The kill switch of a running fleet. One persisted flag per scope (the fleet, or one instance)
// in the store is the truth: `rampart kill`, the EMERGENCY_STOP file and (later) the API all set
// it, and the fleet maps it onto the risk engines' trading state `halted` (FleetRisk for the
// fleet, the instance's RiskEngine for one instance), so a kill holds across restarts and refuses
// every new entry with HALTED. Work at the exchange (cancel open orders, sell positions) is a
// trigger row in the store that the fleet claims and carries out, then journals with its outcome.
//
// Why a poll of the store rather than a signal or a socket: the store is already shared by the
// fleet and every command, a row survives the fleet being down (it is carried out at the next
// start), and a claim is one atomic UPDATE, so a trigger is carried out once even if two processes
// look. The poll is bounded (pollMs) and also reads the EMERGENCY_STOP file; the runner reads the
// flags again before every candle's decisions (`sync`), which is when orders are made.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toStepString } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import type { FleetRisk, RiskEngine } from '../risk/index.ts';
import { describeScope, FLEET_SCOPE } from '../store/index.ts';
import type { KillEvent, KillFlag, KillStore } from '../store/index.ts';
import { cancelOpenOrders, sellPosition } from './kill-actions.ts';
import type { CancelReport, KillTarget, SellReport } from './kill-actions.ts';

/** The file whose presence in the working directory pulls the switch for the whole fleet. */
export const EMERGENCY_STOP_FILE = 'EMERGENCY_STOP';

export interface KillSwitchOptions {
  readonly kills: KillStore;
  readonly clock: Clock;
  /** The fleet's shared risk: a fleet flag halts it. */
  readonly fleet: FleetRisk;
  /** The fleet's instances (each with its risk engine, which an instance flag halts). */
  readonly targets: readonly KillTarget[];
  /**
   * The fleet's instances without exchange orders (paper, shadow): an instance flag halts their
   * risk engine too, a kill cancels the orders resting on their own venue and a close-all
   * flattens them there (SimulatedTarget).
   */
  readonly others?: readonly SimulatedTarget[];
  /** Path of the stop file; default EMERGENCY_STOP in the working directory. */
  readonly stopFile?: string;
  /** How often the file and the store are read, ms; default 1000. Bounds the time to act on a trigger. */
  readonly pollMs?: number;
  /** The last price of an instance's market (quote per base) for a close-all sell; default: asked of the exchange. */
  readonly lastPrice?: (instance: string) => number | undefined;
  /**
   * Waits for the venues' queued work (ExchangeVenue.idle of every instance), run after the states
   * are halted and before open orders are cancelled: an order approved just before the halt and
   * still queued is sent first, so the cancel sweep sees it. Errors it throws go to onError.
   */
  readonly settle?: () => Promise<void>;
  /** Every trigger carried out, with its outcome. */
  readonly onEvent?: (event: KillEvent) => void;
  /** An error of a background poll (the store or the exchange failed); the next poll tries again. */
  readonly onError?: (error: unknown) => void;
}

/**
 * A paper or shadow instance as the kill switch reaches it: its orders rest on the simulated (or
 * shadow) venue in this process, so a kill and a close-all are carried out there
 * (InstanceRunner.cancelResting, InstanceRunner.closeAll).
 */
export interface SimulatedTarget {
  readonly instance: string;
  readonly mode: string;
  readonly symbol: string;
  /** The market's lot step, base quantity: the sold quantity is written on it. */
  readonly lotStep: number;
  readonly risk: RiskEngine;
  /** Cancels the resting orders and sells the position at market now; see InstanceRunner.closeAll. */
  closeAll(): { before: number; after: number; canceled: number[]; price: number | undefined; refused: string | undefined };
  /** Cancels the resting entry or exit order, keeping the stop-loss and take-profit; the ids cancelled (InstanceRunner.cancelResting). */
  cancelResting(): number[];
}

/** What one trigger did, as journaled in the event's report. */
export interface KillOutcome {
  readonly canceled: readonly CancelReport[];
  readonly sold: readonly SellReport[];
}

export class KillSwitch {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<KillEvent[]> | undefined;
  /** Scopes this switch halted or paused, so a lifted flag returns them (and only them) to active. */
  private readonly halted = new Set<string>();
  private readonly paused = new Set<string>();

  constructor(private readonly options: KillSwitchOptions) {}

  /** The stop file's absolute path. */
  get stopFile(): string {
    return path.resolve(this.options.stopFile ?? EMERGENCY_STOP_FILE);
  }

  /**
   * Call once at the fleet's start, before the first order: records the instance names, puts back
   * triggers a dead process had claimed, applies the flags and carries out waiting triggers, then
   * polls every pollMs. Returns the triggers carried out now.
   */
  async start(): Promise<KillEvent[]> {
    const { kills, targets, clock } = this.options;
    kills.registerInstances([...targets, ...(this.options.others ?? [])].map((t) => t.instance), clock.now());
    kills.requeueInterrupted();
    const done = await this.poll();
    this.timer = setInterval(() => {
      this.poll().catch((error: unknown) => this.options.onError?.(error));
    }, this.options.pollMs ?? 1_000);
    this.timer.unref();
    return done;
  }

  /** Stops polling and waits for a poll under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling?.catch(() => undefined);
  }

  /**
   * Reads the flags and sets the trading states: a killed scope `halted` with the flag's reason, a
   * paused one `reducing` (no new entries, exits allowed; a kill wins), a scope this switch halted
   * or paused whose flag is gone back to `active`. Synchronous (two SELECTs): call it before every
   * candle's decisions.
   */
  sync(): void {
    const flags = new Map(this.options.kills.flags().map((f) => [f.scope, f]));
    const pauses = new Map(this.options.kills.pauses().map((f) => [f.scope, f]));
    this.apply(FLEET_SCOPE, flags.get(FLEET_SCOPE), pauses.get(FLEET_SCOPE), this.options.fleet);
    for (const target of [...this.options.targets, ...(this.options.others ?? [])]) {
      if (target.risk !== undefined) this.apply(target.instance, flags.get(target.instance), pauses.get(target.instance), target.risk);
    }
  }

  /**
   * One look: the stop file (present and no fleet flag → a kill from `file`), the flags, then the
   * waiting triggers for this fleet, carried out in order. Returns the triggers carried out.
   * Concurrent calls share one pass.
   */
  poll(): Promise<KillEvent[]> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<KillEvent[]> {
    const { kills, clock } = this.options;
    if (existsSync(this.stopFile) && kills.flag(FLEET_SCOPE) === undefined) {
      kills.trigger({ scope: FLEET_SCOPE, action: 'kill', source: 'file', reason: stopFileReason(this.stopFile), time: clock.now() });
    }
    this.sync();
    if (this.options.settle !== undefined && this.options.kills.pending().length > 0) {
      await this.options.settle().catch((error: unknown) => this.options.onError?.(error));
    }
    const done = await carryOutPending(kills, this.options.targets, clock, this.options.lastPrice, this.options.others);
    for (const event of done) this.options.onEvent?.(event);
    return done;
  }

  private apply(scope: string, flag: KillFlag | undefined, pause: KillFlag | undefined, risk: FleetRisk | RiskEngine): void {
    const wasHalted = this.halted.delete(scope);
    const wasPaused = this.paused.delete(scope);
    if (flag !== undefined) {
      risk.setState('halted', flagReason(flag));
      this.halted.add(scope);
    } else if (pause !== undefined) {
      // A halt of the risk engine's own (a rule) is stricter than a pause: it stays.
      if (risk.state.state === 'active' || wasHalted || wasPaused) risk.setState('reducing', pauseReason(pause));
      if (risk.state.state === 'reducing') this.paused.add(scope);
    } else if ((wasHalted && risk.state.state === 'halted') || (wasPaused && risk.state.state === 'reducing')) {
      risk.setState('active', '');
    }
  }
}

/**
 * Carries out the waiting triggers whose scope `targets` cover (the fleet's, or one of their
 * instances'), oldest first: each is claimed (so no other process does it too), done, and
 * journaled with its outcome. A kill cancels every open order of its scope; a close-all also sells
 * every position. Used by a running fleet (through KillSwitch) and by a command when no fleet runs.
 * `lastPrice`: an instance's last price for the close-all sell (default: asked of the exchange).
 * `others`: the fleet's paper and shadow instances: a kill cancels the entry or exit order resting
 * on their venue (the protective pair stays, as an exchange instance's does), a close-all cancels
 * all their simulated orders and sells their position on the simulated venue.
 */
export async function carryOutPending(kills: KillStore, targets: readonly KillTarget[], clock: Clock, lastPrice?: (instance: string) => number | undefined, others: readonly SimulatedTarget[] = []): Promise<KillEvent[]> {
  const done: KillEvent[] = [];
  const names = new Set([...targets, ...others].map((t) => t.instance));
  for (const event of kills.pending()) {
    if (event.scope !== FLEET_SCOPE && !names.has(event.scope)) continue; // another fleet's instance
    if (!kills.claim(event.id)) continue;
    const inScope = targets.filter((t) => event.scope === FLEET_SCOPE || t.instance === event.scope);
    const canceled: CancelReport[] = [];
    const sold: SellReport[] = [];
    for (const target of inScope) canceled.push(await cancelOpenOrders(target));
    const simulated = others.filter((o) => event.scope === FLEET_SCOPE || o.instance === event.scope);
    if (event.action === 'close-all') {
      for (const target of inScope) sold.push(await sellPosition(target, lastPrice?.(target.instance)));
      for (const other of simulated) {
        const report = closeSimulated(other);
        if (report.canceled.canceled.length > 0) canceled.push(report.canceled);
        sold.push(report.sold);
      }
    } else {
      for (const other of simulated) {
        const report = simulatedCancels(other.instance, other.cancelResting());
        if (report.canceled.length > 0) canceled.push(report);
      }
    }
    const outcome: KillOutcome = { canceled, sold };
    kills.finish(event.id, describeOutcome(event.action, event.scope, outcome), outcome, clock.now());
    done.push(kills.event(event.id)!);
  }
  return done;
}

/**
 * Carries out a close-all on a paper or shadow instance and reports it as an exchange instance's
 * would be: the simulated orders cancelled (named `<instance> simulated order <id>`), the sell on
 * the lot step at its fill price, what stayed (under one lot step, or all of it when the venue
 * refused the sell). A shadow instance sells nothing: it never holds a position.
 */
function closeSimulated(target: SimulatedTarget): { canceled: CancelReport; sold: SellReport } {
  const { instance, symbol, lotStep } = target;
  const result = target.closeAll();
  const canceled = simulatedCancels(instance, result.canceled);
  const base = { instance, symbol, position: result.before, clientOrderId: null };
  if (target.mode === 'shadow') return { canceled, sold: { ...base, sold: null, status: null, dust: 0, dustReason: '', note: `${instance} is a shadow instance: it holds no real position, nothing to sell` } };
  const dust = Math.abs(result.after);
  const soldQty = Math.abs(result.before) - dust;
  const dustReason = dust === 0 ? '' : result.refused !== undefined ? `the sell was refused: ${result.refused}` : `under one lot step (${lotStep})`;
  if (result.price === undefined) return { canceled, sold: { ...base, sold: null, status: result.refused === undefined ? null : 'rejected', dust, dustReason } };
  return { canceled, sold: { ...base, sold: toStepString(soldQty, lotStep, 'down'), status: 'filled', price: result.price, dust, dustReason } };
}

/** The orders a paper or shadow instance's venue cancelled (kernel ids), named `<instance> simulated order <id>`. */
function simulatedCancels(instance: string, ids: readonly number[]): CancelReport {
  return { instance, canceled: ids.map((id) => `${instance} simulated order ${id}`), unconfirmed: [], simulated: true };
}

/** One line: what a trigger did, or that nothing was left to do. */
export function describeOutcome(action: string, scope: string, outcome: KillOutcome): string {
  const canceled = outcome.canceled.filter((r) => r.simulated !== true).flatMap((r) => r.canceled);
  const simulated = outcome.canceled.filter((r) => r.simulated === true).flatMap((r) => r.canceled);
  const unconfirmed = outcome.canceled.flatMap((r) => r.unconfirmed);
  const sold = outcome.sold.filter((s) => s.sold !== null && s.status === 'filled');
  const dust = outcome.sold.filter((s) => s.dust > 0);
  const parts: string[] = [];
  if (canceled.length > 0) parts.push(`cancelled ${count(canceled.length, 'open order')} (${canceled.join(', ')})`);
  if (simulated.length > 0) parts.push(`cancelled ${count(simulated.length, 'simulated order')} (${simulated.join(', ')})`);
  if (unconfirmed.length > 0) parts.push(`${count(unconfirmed.length, 'cancel')} not confirmed (${unconfirmed.join(', ')})`);
  for (const s of sold) parts.push(`sold ${s.sold} ${s.symbol} for ${s.instance} (${s.clientOrderId ?? `on the simulated venue at ${s.price}`})`);
  for (const s of outcome.sold) if (s.note !== undefined) parts.push(s.note);
  for (const s of dust) parts.push(`dust ${s.dust} ${s.symbol.includes('/') ? s.symbol.split('/')[0] : `base (${s.symbol})`} of ${s.instance} unsold: ${s.dustReason}`);
  const what = `${action} of ${describeScope(scope)}`;
  if (parts.length === 0) return `${what}: nothing was left to do (no open orders${action === 'close-all' ? ', no position' : ''})`;
  return `${what}: ${parts.join('; ')}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The reason a halted state shows: who, when, why (the status table and refusals name it). */
export function flagReason(flag: KillFlag): string {
  const by = flag.source === 'recovery' ? 'halted by start-up recovery' : 'kill switch';
  return `${by} (${flag.source}, ${new Date(flag.setAt).toISOString()}): ${flag.reason}`;
}

/** The reason a paused (reducing) state shows. */
export function pauseReason(flag: KillFlag): string {
  return `paused (${flag.source}, ${new Date(flag.setAt).toISOString()}): ${flag.reason}`;
}

/** The stop file's first line, when it has one, else a sentence naming the file. */
function stopFileReason(file: string): string {
  let first = '';
  try {
    first = readFileSync(file, 'utf8').split('\n')[0]!.trim().slice(0, 200);
  } catch {
    // Removed between the look and the read, or unreadable: its presence is the reason.
  }
  return first === '' ? `${file} present` : `${file}: ${first}`;
}
