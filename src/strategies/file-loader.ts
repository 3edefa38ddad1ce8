// Imports a user's strategy file from anywhere on disk (.ts, .mts, .js, .mjs), where it may import
// 'rampart', 'rampart/indicators', 'rampart/strategies', 'rampart/core', … as if it sat in this
// package. The module hooks that allow it are registered on the first load, in the thread that
// loads (hooks registered by module.register are per thread in Node 20: sweep workers register
// their own), so a run with a built-in strategy never pays for them.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { InputError } from '../core/index.ts';
import { describeThrown, throwSite } from './strategy-error.ts';

/**
 * Resolve hook, as source: a data: URL needs no file next to this module, so it works the same
 * from the TypeScript sources and from a build in dist/.
 * - 'rampart' and 'rampart/*' resolve from inside this package (`packageUrl`), so the package's
 *   "exports" decide the target (sources, or a build) — a file outside the package has no
 *   node_modules/rampart to find, and must get the rampart that runs it, not another copy.
 * - A .ts/.js file outside node_modules whose nearest package.json has no "type" (or that has no
 *   package.json at all, e.g. in /tmp or a home directory) is an ES module. Node calls such files
 *   CommonJS; the TypeScript loader then hands them to Node's CommonJS loader, which finds
 *   `import`/`export` in them and tries require() of the very module being imported:
 *   ERR_REQUIRE_CYCLE_MODULE. An explicit "type": "commonjs" is respected.
 */
const HOOKS = `
import { readFileSync } from 'node:fs';
let packageUrl;
const scopeTypes = new Map();
export function initialize(data) { packageUrl = data.packageUrl; }
function scopeType(url) {
  let dir = new URL('./', url);
  const seen = [];
  let type = null;
  for (;;) {
    if (scopeTypes.has(dir.href)) { type = scopeTypes.get(dir.href); break; }
    seen.push(dir.href);
    let manifest = null;
    try { manifest = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')); } catch {}
    if (manifest !== null) { type = typeof manifest.type === 'string' ? manifest.type : null; break; }
    const parent = new URL('../', dir);
    if (parent.href === dir.href) break;
    dir = parent;
  }
  for (const href of seen) scopeTypes.set(href, type);
  return type;
}
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'rampart' || specifier.startsWith('rampart/')) return nextResolve(specifier, { ...context, parentURL: packageUrl });
  const resolved = await nextResolve(specifier, context);
  if (resolved.format === 'commonjs' && resolved.url.startsWith('file:') && /\\.[jt]s$/.test(resolved.url)
      && !resolved.url.includes('/node_modules/') && scopeType(resolved.url) === null) {
    return { ...resolved, format: 'module' };
  }
  return resolved;
}
`;

let hooks: Promise<void> | undefined;

/**
 * Imports the strategy file at `file` (an absolute path) and returns its module namespace.
 * Throws InputError naming the file, and for a syntax error its line and column (1-based) and
 * what is wrong: `/tmp/x.ts:12:7: Expected ";" but found "foo"`.
 */
export async function importStrategyFile(file: string): Promise<Record<string, unknown>> {
  hooks ??= registerHooks();
  await hooks;
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw await loadFailure(error, file);
  }
}

async function registerHooks(): Promise<void> {
  // This module is itself TypeScript only where a TypeScript loader already runs (tsx from the
  // sources, tests); a build in dist/ is JavaScript and registers tsx here, on demand. Hooks run
  // last-registered first, so ours sees every specifier before tsx does.
  if (!new URL(import.meta.url).pathname.endsWith('.ts')) {
    const tsx = await import('tsx/esm/api');
    tsx.register();
  }
  // Any module of this package is a parent from which 'rampart/…' resolves to the package itself.
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { packageUrl: import.meta.url } });
}

async function loadFailure(error: unknown, file: string): Promise<InputError> {
  const isSyntax = error instanceof SyntaxError || (error instanceof Error && error.name === 'TransformError');
  if (isSyntax) {
    // The loader's message may name no place (Node's SyntaxError from a .js file) or, from a
    // cache of transforms, another file with the same text: parse the file itself to say where.
    const own = await syntaxProblem(file);
    if (own !== undefined) return located(own, error);
    const reported = error instanceof Error ? /^(.+):(\d+):(\d+): ERROR: (.*)$/m.exec(error.message) : null;
    if (reported !== null) return located(`${reported[1]}:${reported[2]}:${Number(reported[3]) + 1}: ${reported[4]}`, error);
  }
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_CYCLE_MODULE') {
    return located(`${file}: cannot load strategy: a strategy file is an ES module, but its package.json says "type": "commonjs"; name it .mts or .mjs`, error);
  }
  const site = isSyntax ? undefined : throwSite(error, file);
  return located(`${site ?? file}: cannot load strategy: ${describeThrown(error)}`, error);
}

function located(message: string, cause: unknown): InputError {
  const failure = new InputError(message);
  failure.cause = cause;
  return failure;
}

/** `file:line:column: text` of the file's first syntax error, as esbuild parses it; undefined when it parses. */
async function syntaxProblem(file: string): Promise<string | undefined> {
  const { transform } = await import('esbuild');
  const loader = /\.m?ts$/.test(file) ? 'ts' : 'js';
  try {
    await transform(readFileSync(file, 'utf8'), { loader, format: 'esm', sourcefile: file, logLevel: 'silent' });
    return undefined;
  } catch (error) {
    const first = (error as { errors?: { text: string; location: { line: number; column: number } | null }[] }).errors?.[0];
    if (first === undefined) return undefined;
    return first.location === null ? `${file}: ${first.text}` : `${file}:${first.location.line}:${first.location.column + 1}: ${first.text}`;
  }
}
