// Runs a sweep: expand the scenarios, load every candle set once into shared memory, hand the
// scenarios not yet stored to the worker pool, and store results in batches as they finish.
// An interrupted sweep (Ctrl-C, kill -9) resumes from what the store holds, and ends with the
// same results as an uninterrupted one: each scenario is deterministic and stored once.
import { createHash } from 'node:crypto';
import { InputError } from '../../core/index.ts';
import type { Clock } from '../../core/index.ts';
import { loadCandles } from '../../data/index.ts';
import type { DataFingerprint, Store, StoredSweep, SweepIdentity, SweepRepository, SweepResultRow } from '../../store/index.ts';
import { isStrategyFile, resolveStrategy } from '../../strategies/index.ts';
import { SweepPool } from './pool.ts';
import { scenarioConfig } from './run-scenario.ts';
import { hashSeries, parseBacktestConfig } from '../../backtest/index.ts';
import type { BacktestConfig, BacktestConfigInput, Metrics } from '../../backtest/index.ts';
import { expandScenarios } from './scenarios.ts';
import type { Expansion, Scenario } from './scenarios.ts';
import { setKey, shareSeries } from './shared-series.ts';
import type { SharedSeries } from './shared-series.ts';
import { sweepBacktestSettings } from './spec.ts';
import type { SweepSpec } from './spec.ts';
import { parseDate } from './dates.ts';
import path from 'node:path';

export interface SweepOptions {
  /** Candles come from here (else the bundled data); so do results unless `results` is given. */
  readonly store: Store;
  /** Where sweep results go: PostgreSQL to share them between machines; default the store. */
  readonly results?: SweepRepository | undefined;
  readonly clock: Clock;
  readonly workers: number;
  /** Run the scenarios as jobs on Redis (BullMQ) for `rampart worker` processes anywhere. */
  readonly redisUrl?: string | undefined;
  /**
   * Continue the newest sweep of the same settings and data instead of starting anew (a finished
   * one is reused). When only the data differs, a new sweep starts, unless `refuseChangedData`.
   */
  readonly resume: boolean;
  /** With `resume`: refuse, naming the changed set, when the sweep of these settings ran on other data. */
  readonly refuseChangedData?: boolean;
  /** Receives one line per candle set, naming it, before anything runs (see data/resolve.ts). */
  readonly announce?: ((line: string) => void) | undefined;
  /** Without `resume`: told of an unfinished sweep of the same settings and data, before this one starts. */
  readonly onUnfinished?: ((sweep: UnfinishedSweep) => void) | undefined;
  /** Confirms a sweep larger than the spec's maxScenarios. */
  readonly yes: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  readonly shouldStop?: () => boolean;
}

export interface UnfinishedSweep {
  readonly id: number;
  /** Scenarios it stored, of `total`. */
  readonly stored: number;
  readonly total: number;
}

export interface SweepOutcome {
  readonly sweepId: number;
  readonly expansion: Expansion;
  readonly results: SweepResultRow[];
  readonly complete: boolean;
  /** Scenarios this run computed (the rest came from the store). */
  readonly computed: number;
}

/**
 * Results are written in batches, one transaction each: every FLUSH_MS (sweep clock) or
 * FLUSH_MAX_ROWS rows, whichever comes first; a kill -9 loses at most that much work, which a
 * resume recomputes. A transaction per 100 rows cost the main thread twice as much (2,700 rows:
 * 40 ms against 20 ms), time taken from the workers on a 2-core machine; batches of at most 500
 * keep each pause shorter than the work a worker has queued. Towards the end a batch is also
 * written once it holds as many rows as are still to come, so what is left to write after the
 * last result (while nothing else runs) is a row or two, not up to FLUSH_MS of results.
 */
const FLUSH_MS = 250;
const FLUSH_MAX_ROWS = 500;

export async function runSweep(spec: SweepSpec, options: SweepOptions): Promise<SweepOutcome> {
  const strategy = isStrategyFile(spec.strategy) ? path.resolve(spec.strategy) : spec.strategy;
  const definition = await resolveStrategy(strategy);
  const dates = spec.ranges.map((window, i) => {
    const from = window.from === undefined ? undefined : parseDate(window.from, `ranges.${i}.from`);
    const to = window.to === undefined ? undefined : parseDate(window.to, `ranges.${i}.to`);
    if (from !== undefined && to !== undefined && from >= to) throw new InputError(`date range ${i + 1} is empty: from is not before to`, { field: `ranges.${i}` });
    return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  });
  const expansion = expandScenarios(spec, definition, dates);
  const total = expansion.scenarios.length;
  if (total > spec.maxScenarios && !options.yes) {
    throw new InputError(`the sweep has ${total} scenarios, more than the limit of ${spec.maxScenarios}; confirm with --yes (or raise maxScenarios)`);
  }
  const base = sweepBacktestSettings(spec, strategy);
  // Local workers start now, so their start-up overlaps the loading below.
  const pool = options.redisUrl === undefined ? new SweepPool(Math.min(options.workers, total), strategy) : undefined;
  let closing: Promise<void> | undefined;
  try {
    // Every candle set is loaded (and validated) before anything is written; Redis is checked too.
    const sets = loadSets(spec, base, expansion.scenarios, options.store, options.announce);
    pool?.load(sets.shared, sets.configs);
    // BullMQ and ioredis load only for a distributed sweep (~1 s of start-up otherwise).
    const distributed = options.redisUrl === undefined ? undefined : await import('./distributed/index.ts');
    if (options.redisUrl !== undefined) await distributed!.checkRedis(options.redisUrl);
    const settingsHash = specHash({ ...base, spec: { ...spec, strategy, rank: undefined, top: undefined, maxScenarios: undefined } });
    const identity = { settingsHash, specHash: specHash({ settingsHash, data: sets.fingerprints.map((f) => [f.set, f.hash]) }), data: sets.fingerprints };
    const hash = identity.specHash;
    const sweeps = options.results ?? options.store.sweeps;
    const resumed = await previousSweep(sweeps, identity, options);
    const sweepId = resumed?.id ?? (await sweeps.create(identity, { ...spec, strategy }, total, options.clock.now()));
    const done = await sweeps.doneScenarios(sweepId);
    const pending = expansion.scenarios.filter((scenario) => !done.has(scenario.key));

    // What this run computes, as the store gives it back: a fresh sweep's results are these, not
    // read back (2,700 rows: ~100 ms of the main thread, after the last scenario).
    const computed: SweepResultRow[] = [];
    let buffer: SweepResultRow[] = [];
    // Writes are chained: one batch at a time, in order, while the workers keep going.
    let writing: Promise<void> = Promise.resolve();
    let flushedAt = options.clock.now();
    const flush = (): void => {
      flushedAt = options.clock.now();
      if (buffer.length === 0) return;
      const batch = buffer;
      buffer = [];
      writing = writing.then(() => sweeps.addResults(sweepId, batch));
    };
    let finished = done.size;
    options.onProgress?.(finished, total);
    const onResult = (index: number, metrics: Metrics): void => {
      const row = resultRow(expansion.scenarios[index]!, metrics);
      computed.push(row);
      buffer.push(row);
      finished++; // not inside the optional call below: `?.` would skip the increment too
      if (buffer.length >= FLUSH_MAX_ROWS || buffer.length >= total - finished || options.clock.now() - flushedAt >= FLUSH_MS) flush();
      options.onProgress?.(finished, total);
    };
    try {
      const setOf = (scenario: Scenario): number => sets.indexOf.get(setKey(scenario.symbol, scenario.timeframe))!;
      if (pool !== undefined) {
        const jobs = pending.map((scenario) => ({ index: scenario.index, set: setOf(scenario), params: scenario.params, from: scenario.from, to: scenario.to }));
        await pool.run(jobs, { sets: sets.shared, configs: sets.configs, shouldStop: options.shouldStop, onResult });
        // The workers stop while the last results are written and read back, not after.
        closing = pool.close();
      } else {
        // Jobs on Redis carry full configs: a worker on another machine needs nothing else.
        const inputs = pending.map((scenario) => ({ index: scenario.index, config: scenarioConfig(sets.configs[setOf(scenario)]!, scenario) }));
        await distributed!.runDistributed(inputs, { url: options.redisUrl!, sweepKey: `${hash.slice(0, 16)}-${sweepId}`, strategy, onResult, shouldStop: options.shouldStop });
      }
    } finally {
      flush();
      await writing;
    }
    const complete = finished === total;
    await sweeps.setStatus(sweepId, complete ? 'done' : 'interrupted', complete ? options.clock.now() : null);
    const results = done.size === 0 ? computed.sort((a, b) => a.position - b.position) : await sweeps.results(sweepId);
    return { sweepId, expansion, results, complete, computed: finished - done.size };
  } finally {
    await (closing ?? pool?.close());
  }
}

/**
 * The sweep to continue: of the same settings and data, the newest finished one, else the one that
 * got furthest (a run started anew beside an unfinished one must not hide it from --resume).
 * Without `resume`, tells of that unfinished one and returns nothing.
 */
async function previousSweep(sweeps: SweepRepository, identity: SweepIdentity, options: SweepOptions): Promise<StoredSweep | undefined> {
  const same = await sweeps.withHash(identity.specHash);
  const done = same.find((sweep) => sweep.status === 'done');
  let furthest: UnfinishedSweep | undefined;
  if (done === undefined) {
    for (const sweep of same) {
      const stored = (await sweeps.doneScenarios(sweep.id)).size;
      if (furthest === undefined || stored > furthest.stored) furthest = { id: sweep.id, stored, total: sweep.total };
    }
  }
  if (!options.resume) {
    if (furthest !== undefined) options.onUnfinished?.(furthest);
    return undefined;
  }
  const chosen = done ?? same.find((sweep) => sweep.id === furthest?.id);
  if (chosen !== undefined || options.refuseChangedData !== true) return chosen;
  const other = await sweeps.latestWithSettings(identity.settingsHash);
  if (other === undefined) return undefined;
  throw new InputError(`cannot resume sweep #${other.id}: ${describeDataChange(other.data, identity.data)}; run without --resume to sweep the current data`);
}

/** Which candle sets differ between a stored sweep's data and the current data, in one clause. */
export function describeDataChange(before: readonly DataFingerprint[] | null, now: readonly DataFingerprint[]): string {
  if (before === null) return 'it was stored without a record of its data';
  const changed = now.flatMap((set) => {
    const old = before.find((b) => b.set === set.set);
    if (old === undefined) return [`${set.set} is new`];
    return old.hash === set.hash ? [] : [`${set.set} changed (${fingerprintText(old)} then, ${fingerprintText(set)} now)`];
  });
  return `the data changed since: ${changed.join('; ') || 'other candle sets'}`;
}

function fingerprintText(f: DataFingerprint): string {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${f.kind} ${f.count} candles ${day(f.first)} → ${day(f.last)}`;
}

interface CandleSets {
  readonly shared: SharedSeries[];
  /** Each set's identity: what it holds and a hash of its columns. */
  readonly fingerprints: DataFingerprint[];
  /** Each set's config without parameters or window (market rules included), parsed once. */
  readonly configs: BacktestConfig[];
  readonly indexOf: Map<string, number>;
}

function loadSets(spec: SweepSpec, base: Omit<BacktestConfigInput, 'symbol' | 'timeframe'>, scenarios: readonly Scenario[], store: Store, announce: ((line: string) => void) | undefined): CandleSets {
  const sets: CandleSets = { shared: [], fingerprints: [], configs: [], indexOf: new Map() };
  for (const { symbol, timeframe } of scenarios) {
    const key = setKey(symbol, timeframe);
    if (sets.indexOf.has(key)) continue;
    sets.indexOf.set(key, sets.shared.length);
    const { series, set } = loadCandles({ store, exchange: spec.exchange, symbol, timeframe, source: spec.source, announce });
    sets.shared.push(shareSeries(series));
    sets.fingerprints.push({ set: `${spec.exchange} ${symbol} ${timeframe}`, kind: set.kind, count: series.length, first: series.time[0]!, last: series.time[series.length - 1]!, hash: hashSeries(series) });
    // The set actually used is recorded, so a worker elsewhere loads the same one.
    sets.configs.push(parseBacktestConfig({ ...base, source: set.kind === 'store' ? 'store' : 'bundled', symbol, timeframe }));
  }
  return sets;
}

function resultRow(scenario: Scenario, metrics: Metrics): SweepResultRow {
  return {
    scenario: scenario.key,
    position: scenario.index,
    symbol: scenario.symbol,
    timeframe: scenario.timeframe,
    from: scenario.from ?? null,
    to: scenario.to ?? null,
    params: asStored(scenario.params) as SweepResultRow['params'],
    metrics: asStored(metrics) as SweepResultRow['metrics'],
  };
}

/**
 * A copy of `record` as the store gives it back (it keeps JSON): a number that is not finite
 * (Infinity, NaN) becomes null, -0 becomes 0, an undefined value is left out; the rest is the
 * same value (JSON's numbers round-trip exactly).
 */
function asStored(record: object): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    stored[key] = typeof value !== 'number' ? value : !Number.isFinite(value) ? null : value === 0 ? 0 : value;
  }
  return stored;
}

/** sha256 of the settings that decide the results, with keys sorted so key order does not matter. */
function specHash(value: unknown): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(stable) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(stable(value))).digest('hex');
}
