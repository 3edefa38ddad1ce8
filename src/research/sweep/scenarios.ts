// Expands a sweep spec into scenarios: every parameter combination (or a seeded random sample of
// them) × symbol × timeframe × date window, in one fixed order so runs and resumes agree.
import { InputError, seededRng } from '../../core/index.ts';
import type { Timeframe } from '../../core/index.ts';
import type { Params, StrategyDefinition } from '../../strategies/index.ts';
import { resolveParamValues } from '../../strategies/index.ts';
import { parseRange, rangeDependencies, rangeValues } from './range.ts';
import type { RangeSpec } from './range.ts';
import type { SweepSpec } from './spec.ts';

export interface DataSet {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly from?: number;
  readonly to?: number;
}

export interface Scenario extends DataSet {
  /** Position in the sweep's scenario list. */
  readonly index: number;
  /** Stable identity across runs and resumes. */
  readonly key: string;
  readonly params: Params;
}

export interface Expansion {
  readonly scenarios: Scenario[];
  /** Parameter combinations the strategy refused (e.g. fast >= slow), left out. */
  readonly skippedCombinations: number;
  readonly sweptParams: readonly string[];
}

export function expandScenarios(spec: SweepSpec, definition: StrategyDefinition, dates: readonly { from?: number; to?: number }[]): Expansion {
  const ranges = orderedRanges(spec, definition);
  const combos: Params[] = [];
  let skipped = 0;
  for (const chosen of combinations(ranges)) {
    // A value of the wrong type or outside the declared range fails the sweep; a combination the
    // strategy's cross-parameter rule refuses (fast >= slow in a crossed grid) is only skipped.
    const params = resolveParamValues(definition, chosen);
    if (definition.validate?.(params) === undefined) combos.push(params);
    else skipped++;
  }
  if (combos.length === 0) throw new InputError(`the parameter ranges give no valid combination for ${definition.name}`);
  const windows = dates.length > 0 ? dates : [{}];
  const sets: DataSet[] = [];
  for (const symbol of spec.symbols) {
    for (const timeframe of spec.timeframes) {
      for (const window of windows) sets.push({ symbol: symbol.toUpperCase(), timeframe, ...window });
    }
  }
  const scenarios: Scenario[] = [];
  // Each key is a set's part and a combination's part, each worked out once (scenarioKey).
  const setKeys = sets.map(setKeyPart);
  const comboKeys = combos.map(paramsKeyPart);
  const add = (setIndex: number, comboIndex: number): void => {
    const set = sets[setIndex]!;
    scenarios.push({ ...set, index: scenarios.length, key: setKeys[setIndex]! + comboKeys[comboIndex]!, params: combos[comboIndex]! });
  };
  // A sample picks (symbol, timeframe, parameter set) triples and runs each on every date window:
  // in-sample and hold-out (select), or every walk-forward window, then judge the same picks.
  // Sampling windows independently left most in-sample picks without their hold-out.
  const picks = combos.length * (sets.length / windows.length);
  if (spec.sample === undefined || spec.sample >= picks) {
    for (let flat = 0; flat < combos.length * sets.length; flat++) add(Math.floor(flat / combos.length), flat % combos.length);
  } else {
    for (const pick of sampleIndices(picks, spec.sample, spec.seed)) {
      const market = Math.floor(pick / combos.length);
      for (let w = 0; w < windows.length; w++) add(market * windows.length + w, pick % combos.length);
    }
  }
  return { scenarios, skippedCombinations: skipped, sweptParams: ranges.map(([name]) => name) };
}

export function scenarioKey(set: DataSet, params: Params): string {
  return setKeyPart(set) + paramsKeyPart(params);
}

function setKeyPart(set: DataSet): string {
  return `${set.symbol}|${set.timeframe}|${set.from ?? ''}|${set.to ?? ''}|`;
}

function paramsKeyPart(params: Params): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join(',');
}

/** Ranges in an order where every bound's parameter comes first; unknown names are refused. */
function orderedRanges(spec: SweepSpec, definition: StrategyDefinition): [string, RangeSpec][] {
  const known = new Set(definition.params.map((p) => p.name));
  const pending = new Map<string, RangeSpec>();
  for (const [name, raw] of Object.entries(spec.params)) {
    if (!known.has(name)) {
      throw new InputError(`unknown parameter '${name}' for strategy ${definition.name} (known: ${[...known].join(', ')})`, { field: `params.${name}` });
    }
    const range = parseRange(name, raw);
    if (range.kind === 'range' && 'value' in range.from && 'value' in range.to && range.from.value > range.to.value) {
      throw new InputError(`range for '${name}' is inverted (${range.from.value}..${range.to.value})`, { field: `params.${name}` });
    }
    if (range.kind === 'list' && range.values.length === 0) throw new InputError(`range for '${name}' is empty`, { field: `params.${name}` });
    pending.set(name, range);
  }
  const ordered: [string, RangeSpec][] = [];
  while (pending.size > 0) {
    const ready = [...pending].find(([, range]) => rangeDependencies(range).every((dep) => ordered.some(([name]) => name === dep)));
    if (ready === undefined) {
      const [name, range] = [...pending][0]!;
      throw new InputError(`range for '${name}' depends on '${rangeDependencies(range).join("', '")}', which has no range (or the ranges depend on each other)`, { field: `params.${name}` });
    }
    ordered.push(ready);
    pending.delete(ready[0]);
  }
  return ordered;
}

function* combinations(ranges: readonly [string, RangeSpec][], depth = 0, chosen: Record<string, number> = {}): Generator<Record<string, number>> {
  if (depth === ranges.length) {
    yield { ...chosen };
    return;
  }
  const [name, range] = ranges[depth]!;
  for (const value of rangeValues(name, range, chosen)) {
    chosen[name] = value;
    yield* combinations(ranges, depth + 1, chosen);
  }
  delete chosen[name];
}

/** `count` distinct indices below `total`, seeded (Floyd's algorithm), ascending. */
function sampleIndices(total: number, count: number, seed: number): number[] {
  const rng = seededRng(seed);
  const picked = new Set<number>();
  for (let j = total - count; j < total; j++) {
    const t = Math.floor(rng.next() * (j + 1));
    picked.add(picked.has(t) ? j : t);
  }
  return [...picked].sort((a, b) => a - b);
}
