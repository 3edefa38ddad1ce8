// Which script a sweep worker runs. Built-in strategies: the worker and everything it imports,
// bundled once per process into one plain ES module (a worker then starts in tens of ms instead
// of loading the TypeScript toolchain). Strategy files may be TypeScript anywhere: those workers
// register the TypeScript loader first.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const WORKER_SOURCE = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TS_BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

let bundled: URL | undefined;

export function workerScript(strategyIsFile: boolean): URL {
  if (strategyIsFile) return TS_BOOTSTRAP;
  bundled ??= bundleWorker();
  return bundled;
}

function bundleWorker(): URL {
  const result = buildSync({ entryPoints: [WORKER_SOURCE], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0]!.contents;
  // Named by content: concurrent sweeps share a file, and a changed source never runs stale code.
  const dir = path.join(os.tmpdir(), 'rampart-workers');
  const file = path.join(dir, `sweep-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file); // atomic: a concurrent reader sees no file or the whole file
  }
  return pathToFileURL(file);
}
