// Finds a strategy by built-in name or loads a user's strategy file (.ts, .mts, .js, .mjs) from
// anywhere on disk. Every command resolves its strategy here, and sweep workers do too.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/index.ts';
import { importStrategyFile } from './file-loader.ts';
import { grid } from './grid.ts';
import { macdCross } from './macd-cross.ts';
import { regimeAdaptive } from './regime-adaptive.ts';
import { smaCross } from './sma-cross.ts';
import type { Params, Strategy, StrategyDefinition } from './strategy.ts';
import { strategyFailure } from './strategy-error.ts';
import type { StrategyLabel } from './strategy-error.ts';

export const BUILT_IN_STRATEGIES: readonly StrategyDefinition[] = [macdCross, smaCross, grid, regimeAdaptive];

/** Strategy files loaded in this thread, by absolute path. */
const loadedFiles = new Map<string, StrategyDefinition>();

export function isStrategyFile(nameOrPath: string): boolean {
  return /[\\/]/.test(nameOrPath) || /\.(m?[jt]s)$/.test(nameOrPath);
}

/**
 * How a run's strategy is shown in summaries, tables and page titles: a built-in's name, or a
 * strategy file's name without its folder and extension (the config keeps the absolute path).
 */
export function strategyDisplayName(nameOrPath: string): string {
  return isStrategyFile(nameOrPath) && /\.m?[jt]s$/.test(nameOrPath) ? path.basename(nameOrPath).replace(/\.m?[jt]s$/, '') : nameOrPath;
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

/**
 * How messages name the strategy a run's config points at (`config.strategy`: a built-in name or
 * the absolute path of a file loaded here).
 */
export function strategyLabel(nameOrPath: string): StrategyLabel {
  const loaded = loadedFiles.get(nameOrPath);
  return loaded === undefined ? { name: nameOrPath } : { name: loaded.name, file: nameOrPath };
}

/**
 * Loads a strategy file (see file-loader.ts for what it may import). Throws InputError naming the
 * file when it is missing, does not parse (with line and column), throws while loading, or does
 * not export a definition. The definition's `create` reports a throw with the file's line.
 */
export async function loadStrategyFile(file: string): Promise<StrategyDefinition> {
  const absolute = path.resolve(file);
  const cached = loadedFiles.get(absolute);
  if (cached !== undefined) return cached;
  if (!existsSync(absolute)) throw new InputError('strategy file not found', { file });
  const loaded = await importStrategyFile(absolute);
  const candidate = loaded['default'] ?? loaded['strategy'];
  const problem = definitionProblem(candidate);
  if (problem !== undefined) throw new InputError(`not a strategy module: ${problem}`, { file });
  const definition = candidate as StrategyDefinition;
  const label = { name: definition.name, file: absolute };
  const guarded: StrategyDefinition = {
    ...definition,
    create(params: Params): Strategy {
      try {
        return definition.create(params);
      } catch (error) {
        throw strategyFailure(error, label, 'create');
      }
    },
  };
  loadedFiles.set(absolute, guarded);
  return guarded;
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
