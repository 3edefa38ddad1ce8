// Compiles src/ into dist/ (plain ES modules for Node 20), so `rampart` starts without a
// TypeScript loader. Run by `npm install` (prepare), `npm test`, `npm start` and `npm run build`;
// bin/rampart.js also rebuilds when a source file is newer than the last build, so the command
// never runs stale code after an edit or a `git pull`.
//
// One esbuild run bundles the entry points with code splitting: the CLI, the sweep worker thread
// and each public module of package.json "exports". Shared code lands in dist/chunks/ once, so a
// user's strategy importing `rampart/indicators` gets the very modules the CLI runs (one class
// identity), and each command, loaded by a dynamic import, is its own split point: `rampart
// --help` reads a few kB. Packages stay external (node_modules is resolved at run time; native
// better-sqlite3 cannot be bundled anyway), except the small pure-JavaScript ones config reading
// loads (BUNDLED_PACKAGES). The build takes ~0.3 s.
//
// A second run bundles the dashboard (src/web) for the browser into dist/web: one script with the
// chart library inside (no CDN, works offline), its stylesheet and the page, which the API serves.
//
// Plain JavaScript on purpose: it has to run before anything is compiled.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
const WEB = path.join(SRC, 'web');
const WEB_DIST = path.join(DIST, 'web');
/** Written last: its mtime is when dist/ was complete. */
const STAMP = path.join(DIST, '.built');

/** Entry points, relative to src/; the CLI's commands are split points of cli/main.ts. */
export const ENTRY_POINTS = [
  'cli/main.ts',
  'research/sweep/worker.ts',
  'store/pg-worker.ts',
  'index.ts',
  'core/index.ts',
  'indicators/index.ts',
  'strategies/index.ts',
  'backtest/index.ts',
  'engine/index.ts',
  'data/index.ts',
];

/**
 * Packages compiled into dist/ rather than loaded from node_modules: Node resolves, reads and
 * compiles an ES package file by file (zod 4 is some hundred modules), and for these three that
 * took ~55 ms of a sweep's start-up against ~15 ms as bundled code; tree-shaking drops the
 * parts not used. Nothing of theirs is shared with a user's code: a strategy file does not see
 * these objects.
 */
const BUNDLED_PACKAGES = ['zod', 'yaml'];

/** Inputs besides src/ that change the output. */
const BUILD_INPUTS = [fileURLToPath(import.meta.url), path.join(ROOT, 'package.json')];

/** Builds dist/ from src/. Each file is replaced atomically, so a concurrent run reads old or new code, never half a file. */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS.map((entry) => path.join(SRC, entry)),
    outbase: SRC,
    outdir: DIST,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: externalPackages(),
    plugins: [withoutZodTranslations],
    // yaml's Node build is CommonJS and requires Node's built-ins; bundled into ES modules, its
    // require() needs to exist.
    banner: { js: "import { createRequire as __rampartRequire } from 'node:module'; const require = __rampartRequire(import.meta.url);" },
    sourcemap: 'linked',
    write: false,
    logLevel: 'error',
  });
  const web = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [
      { in: path.join(WEB, 'main.ts'), out: 'app' },
      { in: path.join(WEB, 'styles.css'), out: 'app' },
    ],
    outdir: WEB_DIST,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    define: { __CHART_NOTICE__: JSON.stringify(chartLibraryNotice()) },
    sourcemap: 'linked',
    write: false,
    logLevel: 'error',
  });
  const page = { path: path.join(WEB_DIST, 'index.html'), contents: readFileSync(path.join(WEB, 'index.html')) };
  const written = new Set();
  for (const file of [...result.outputFiles, ...web.outputFiles, page]) {
    written.add(file.path);
    if (sameContent(file.path, file.contents)) continue;
    mkdirSync(path.dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.tmp`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  for (const file of listFiles(DIST)) {
    if (!written.has(file) && file !== STAMP && !file.endsWith('.tmp')) rmSync(file, { force: true });
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/**
 * zod's namespace of translated error messages (`z.locales`, ~40 languages) is half of its code,
 * and a namespace export is kept whole; rampart's messages are English, which zod's schemas import
 * on their own (locales/en.js). Left out, the bundle is ~370 kB smaller to compile at start-up.
 */
const withoutZodTranslations = {
  name: 'without-zod-translations',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * The chart library's attribution, e.g. "TradingView Lightweight Charts™ v5.2.1 · Copyright (c)
 * 2026 TradingView, Inc.", from the licence banner of the build that is bundled: its licence asks
 * every page showing it for this notice and a link to TradingView. The dashboard prints it as text
 * under its charts (as the HTML reports do, src/backtest/report/chart-library.ts), not as a logo
 * over the data.
 */
function chartLibraryNotice() {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('lightweight-charts/package.json', { paths: [ROOT] });
  const source = readFileSync(path.join(path.dirname(pkg), 'dist', 'lightweight-charts.production.mjs'), 'utf8');
  const banner = /\/\*!([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  const lines = banner.split('\n').map((line) => line.replace(/^\s*\*\s?/, '').trim()).filter((line) => /TradingView/.test(line));
  return lines.length > 0 ? lines.join(' · ') : 'TradingView Lightweight Charts™ · Copyright (c) TradingView, Inc.';
}

/** Every package of package.json (and its subpaths) but the bundled ones. */
function externalPackages() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies });
  return names.filter((name) => !BUNDLED_PACKAGES.includes(name)).flatMap((name) => [name, `${name}/*`]);
}

/** True when dist/ is missing or older than a source file (or this script, or package.json). */
export function isStale() {
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  for (const file of [...BUILD_INPUTS, ...listFiles(SRC)]) {
    if (statSync(file).mtimeMs > built) return true;
  }
  return false;
}

/** Builds when stale; a checkout without src/ (an installed package) runs dist/ as it is. */
export async function ensureBuilt() {
  let hasSources = true;
  try {
    statSync(SRC);
  } catch {
    hasSources = false;
  }
  if (hasSources && isStale()) await build();
}

function sameContent(file, contents) {
  try {
    return Buffer.compare(readFileSync(file), contents) === 0;
  } catch {
    return false;
  }
}

function listFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await build();
  console.error(`rampart: built dist/ in ${Math.round(performance.now() - started)} ms`);
}
