// Where rampart is installed: the folder holding its package.json. Code compiled into dist/ sits at
// another depth than its source (and in shared chunks), so files shipped with the package (the
// bundled data, the compiled sweep worker) are located from here, never from a module's own URL.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvariantError } from './errors.ts';

export interface PackageInfo {
  /** Absolute path of the folder holding rampart's package.json. */
  readonly root: string;
  readonly version: string;
  /** True when this code runs from the TypeScript sources (tests, benchmarks), false from dist/. */
  readonly fromSource: boolean;
}

let cached: PackageInfo | undefined;

/** Walks up from this module to rampart's package.json. Throws InvariantError if it is not found. */
export function packageInfo(): PackageInfo {
  if (cached !== undefined) return cached;
  const here = fileURLToPath(import.meta.url);
  for (let dir = path.dirname(here); ; dir = path.dirname(dir)) {
    const manifest = readManifest(path.join(dir, 'package.json'));
    if (manifest?.name === 'rampart') {
      cached = { root: dir, version: String(manifest.version), fromSource: here.endsWith('.ts') };
      return cached;
    }
    if (path.dirname(dir) === dir) throw new InvariantError(`rampart's package.json not found above ${here}`);
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
