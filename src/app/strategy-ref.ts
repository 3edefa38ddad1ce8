// How a strategy is named in a config: a built-in by its name, a strategy file by its absolute
// path, so a stored run or a written deployment replays from any directory.
import path from 'node:path';
import { isStrategyFile } from '../strategies/index.ts';

/** `nameOrFile` as configs record it: a file path resolved against `baseDir` (default the working directory), a name as it is. */
export function strategyRef(nameOrFile: string, baseDir?: string): string {
  if (!isStrategyFile(nameOrFile)) return nameOrFile;
  return baseDir === undefined ? path.resolve(nameOrFile) : path.resolve(baseDir, nameOrFile);
}
