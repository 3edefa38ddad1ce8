// Finds a strategy by built-in name or loads a user's strategy file (.ts or .js).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, packageInfo } from '../core/index.ts';
import { grid } from './grid.ts';
import { macdCross } from './macd-cross.ts';
import { regimeAdaptive } from './regime-adaptive.ts';
import { smaCross } from './sma-cross.ts';
import type { StrategyDefinition } from './strategy.ts';

export const BUILT_IN_STRATEGIES: readonly StrategyDefinition[] = [macdCross, smaCross, grid, regimeAdaptive];

export function isStrategyFile(nameOrPath: string): boolean {
  return /[\\/]/.test(nameOrPath) || /\.(m?[jt]s)$/.test(nameOrPath);
}

export function builtInStrategy(name: string): StrategyDefinition {
  const found = BUILT_IN_STRATEGIES.find((definition) => definition.name === name);
  if (found === undefined) {
    const names = BUILT_IN_STRATEGIES.map((definition) => definition.name).join(', ');
    throw new InputError(`unknown strategy '${name}' (built in: ${names}; or give a strategy file path)`);
  }
  return found;
}

/** A built-in name, or a path to a module whose default export (or `strategy` export) is a StrategyDefinition. */
export async function resolveStrategy(nameOrPath: string): Promise<StrategyDefinition> {
  return isStrategyFile(nameOrPath) ? loadStrategyFile(nameOrPath) : builtInStrategy(nameOrPath);
}

export async function loadStrategyFile(file: string): Promise<StrategyDefinition> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new InputError('strategy file not found', { file });
  let loaded: Record<string, unknown>;
  try {
    await typeScriptLoaderFor(absolute);
    loaded = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError(`cannot load strategy: ${reason}`, { file });
  }
  const candidate = loaded['default'] ?? loaded['strategy'];
  const problem = definitionProblem(candidate);
  if (problem !== undefined) throw new InputError(`not a strategy module: ${problem}`, { file });
  return candidate as StrategyDefinition;
}

let typeScriptLoader: Promise<void> | undefined;

/**
 * The compiled CLI runs without a TypeScript loader; a strategy written in TypeScript registers
 * one (tsx) on demand, once per thread. Code running from the sources already has one.
 */
async function typeScriptLoaderFor(file: string): Promise<void> {
  if (!/\.[mc]?ts$/.test(file) || packageInfo().fromSource) return;
  typeScriptLoader ??= import('tsx/esm/api').then(({ register }) => void register());
  await typeScriptLoader;
}

function definitionProblem(candidate: unknown): string | undefined {
  if (typeof candidate !== 'object' || candidate === null) return 'expected a default export with name, params and create()';
  const record = candidate as Record<string, unknown>;
  if (typeof record['name'] !== 'string' || record['name'] === '') return "missing string 'name'";
  if (!Array.isArray(record['params'])) return "missing array 'params'";
  if (typeof record['create'] !== 'function') return "missing function 'create'";
  for (const spec of record['params'] as unknown[]) {
    const s = spec as Record<string, unknown> | null;
    if (s === null || typeof s['name'] !== 'string' || !['int', 'float', 'bool'].includes(String(s['type']))) {
      return "each entry of 'params' needs a name and a type of int, float or bool";
    }
  }
  return undefined;
}
