// Which script a sweep worker runs. Built-in strategies: the worker and everything it imports,
// bundled into one plain ES module (a worker then starts in tens of ms instead of loading the
// TypeScript toolchain). Strategy files may be TypeScript anywhere: those workers register the
// TypeScript loader first.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync, version as esbuildVersion } from 'esbuild';

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const WORKER_SOURCE = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TS_BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

let bundled: URL | undefined;

export function workerScript(strategyIsFile: boolean): URL {
  if (strategyIsFile) return TS_BOOTSTRAP;
  bundled ??= bundleWorker();
  return bundled;
}

/**
 * Named by a hash of the sources (and the bundler's version): hashing ~100 small files takes a
 * few ms, running the bundler ~100 ms, so the bundle is built once per change of the code, and a
 * changed source never runs stale code. Concurrent sweeps share the file.
 */
function bundleWorker(): URL {
  const file = path.join(os.tmpdir(), 'rampart-workers', `sweep-worker-${sourceHash()}.mjs`);
  if (!existsSync(file)) {
    const result = buildSync({ entryPoints: [WORKER_SOURCE], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, result.outputFiles[0]!.contents);
    renameSync(partial, file); // atomic: a concurrent reader sees no file or the whole file
  }
  return pathToFileURL(file);
}

function sourceHash(): string {
  const hash = createHash('sha256').update(esbuildVersion);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) hash.update(full).update(readFileSync(full));
    }
  };
  walk(SRC);
  return hash.digest('hex').slice(0, 16);
}
