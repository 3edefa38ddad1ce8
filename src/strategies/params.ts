// Resolves user-given parameter values against a strategy's declared schema: names, types,
// ranges and cross-parameter rules, each failure one line naming the parameter.
import { InputError } from '../core/index.ts';
import type { ParamSpec, ParamValue, Params, StrategyDefinition } from './strategy.ts';

export function resolveParams(definition: StrategyDefinition, given: Readonly<Record<string, ParamValue>>): Params {
  const params = resolveParamValues(definition, given);
  const problem = definition.validate?.(params);
  if (problem !== undefined) throw new InputError(`${definition.name}: ${problem}`);
  return params;
}

/** Names, types and ranges only; the cross-parameter rule is left to the caller. */
export function resolveParamValues(definition: StrategyDefinition, given: Readonly<Record<string, ParamValue>>): Params {
  const known = new Map(definition.params.map((spec) => [spec.name, spec]));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const names = definition.params.map((spec) => spec.name).join(', ') || 'none';
      throw new InputError(`unknown parameter '${name}' for strategy ${definition.name} (known: ${names})`);
    }
  }
  const params: Record<string, ParamValue> = {};
  for (const spec of definition.params) {
    const raw = given[spec.name];
    params[spec.name] = raw === undefined ? spec.default : coerce(spec, raw, definition.name);
  }
  return Object.freeze(params);
}

function coerce(spec: ParamSpec, raw: ParamValue, strategy: string): ParamValue {
  const where = `parameter '${spec.name}' of ${strategy}`;
  if (spec.type === 'bool') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new InputError(`${where} must be true or false, got '${raw}'`);
  }
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (typeof raw === 'boolean' || (typeof raw === 'string' && raw.trim() === '') || !Number.isFinite(value)) {
    throw new InputError(`${where} must be a number, got '${String(raw)}'`);
  }
  if (spec.type === 'int' && !Number.isInteger(value)) {
    throw new InputError(`${where} must be an integer, got ${value}`);
  }
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    throw new InputError(`${where} must be in [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}], got ${value}`);
  }
  return value;
}

/** Reads a resolved numeric parameter (resolveParams guarantees the type). */
export function num(params: Params, name: string): number {
  const value = params[name];
  if (typeof value !== 'number') throw new InputError(`parameter '${name}' is not a number`);
  return value;
}
