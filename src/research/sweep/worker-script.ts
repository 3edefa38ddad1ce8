// Which script a sweep worker thread runs. Compiled (the CLI runs dist/): the worker is a build
// entry of its own, dist/research/sweep/worker.js, plain JavaScript that starts in tens of ms. From
// the TypeScript sources (tests and benchmarks under tsx): worker threads do not inherit the main
// thread's loader, so a bootstrap registers it first. A strategy file in TypeScript is loaded by the
// strategy registry either way.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageInfo } from '../../core/index.ts';

export function workerScript(): URL {
  const { root, fromSource } = packageInfo();
  return pathToFileURL(path.join(root, fromSource ? 'src/research/sweep/worker-bootstrap.mjs' : 'dist/research/sweep/worker.js'));
}
