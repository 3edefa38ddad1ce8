// Parameter ranges as users write them: `3..40`, `3..40:2` (step), `1,2,5` (list), `7` (one value),
// and bounds that depend on an earlier parameter: `fast+2..80`.
import { InputError } from '../../core/index.ts';

/** A bound: a number, or another parameter's value plus an offset. */
export type Bound = { readonly value: number } | { readonly param: string; readonly offset: number };

export type RangeSpec =
  | { readonly kind: 'range'; readonly from: Bound; readonly to: Bound; readonly step: number }
  | { readonly kind: 'list'; readonly values: readonly number[] };

export function parseRange(name: string, raw: string | number | readonly number[]): RangeSpec {
  if (typeof raw === 'number') return { kind: 'list', values: [raw] };
  if (Array.isArray(raw)) return { kind: 'list', values: raw.map((v) => checkNumber(name, String(v))) };
  const text = String(raw).replace(/\s+/g, '');
  const match = /^(.+?)\.\.(.+?)(?::(.+))?$/.exec(text);
  if (match === null) return { kind: 'list', values: text.split(',').map((part) => checkNumber(name, part)) };
  const step = match[3] === undefined ? 1 : checkNumber(name, match[3]);
  if (!(step > 0)) throw new InputError(`range for '${name}' has a step of ${step}; it must be positive`, { field: name });
  return { kind: 'range', from: parseBound(name, match[1]!), to: parseBound(name, match[2]!), step };
}

/** The values of a range given the values already chosen for earlier parameters. */
export function rangeValues(name: string, range: RangeSpec, chosen: Readonly<Record<string, number>>): number[] {
  if (range.kind === 'list') return [...range.values];
  const from = boundValue(name, range.from, chosen);
  const to = boundValue(name, range.to, chosen);
  const values: number[] = [];
  // Index-based stepping avoids accumulating float error (0.1 + 0.1 + 0.1 …).
  for (let i = 0; ; i++) {
    const value = Number((from + i * range.step).toPrecision(12));
    if (value > to + 1e-12) break;
    values.push(value);
  }
  return values;
}

/** Parameters a range depends on (its bounds name them). */
export function rangeDependencies(range: RangeSpec): string[] {
  if (range.kind === 'list') return [];
  return [range.from, range.to].flatMap((bound) => ('param' in bound ? [bound.param] : []));
}

function parseBound(name: string, text: string): Bound {
  const dependent = /^([A-Za-z_]\w*)([+-]\d+(?:\.\d+)?)?$/.exec(text);
  if (dependent !== null) return { param: dependent[1]!, offset: dependent[2] === undefined ? 0 : Number(dependent[2]) };
  return { value: checkNumber(name, text) };
}

function boundValue(name: string, bound: Bound, chosen: Readonly<Record<string, number>>): number {
  if ('value' in bound) return bound.value;
  const base = chosen[bound.param];
  if (base === undefined) throw new InputError(`range for '${name}' refers to '${bound.param}', which has no range before it`, { field: name });
  return base + bound.offset;
}

function checkNumber(name: string, text: string): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new InputError(`range for '${name}' has '${text}', which is not a number`, { field: name });
  return value;
}
