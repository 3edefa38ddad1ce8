// The architecture holds: every import under src/ follows the rules of test/architecture-rules.ts,
// and docs/architecture.md shows those rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEEP_IMPORT_EXCEPTIONS, HEAVY_PACKAGES, MODULE_RULES } from './architecture-rules.ts';
import type { ModuleName, ModuleRule } from './architecture-rules.ts';
import { listImports } from './fixtures/module-imports.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_FILE = /\.(ts|mts|js|mjs)$/;

/** Repository-relative paths (with `/`) of every source file under src/. */
function sourceFiles(dir = path.join(ROOT, 'src')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return SOURCE_FILE.test(name) ? [path.relative(ROOT, full).split(path.sep).join('/')] : [];
  });
}

const MODULE_NAMES = new Set<string>(Object.keys(MODULE_RULES));

/** The module a src/ file belongs to: its first folder, or `index` for src/index.ts. */
function moduleOf(file: string): ModuleName | undefined {
  const parts = file.split('/');
  const name = parts.length === 2 ? parts[1]!.replace(SOURCE_FILE, '') : parts[1]!;
  return MODULE_NAMES.has(name) ? (name as ModuleName) : undefined;
}

/** The file a specifier names, repository-relative; `rampart/x` self-references count as src/x/index.ts. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (specifier === 'rampart') return 'src/index.ts';
  if (specifier.startsWith('rampart/')) return `src/${specifier.slice('rampart/'.length)}/index.ts`;
  if (!specifier.startsWith('.')) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [target, `${target}.ts`, `${target}/index.ts`]) {
    if (existsSync(path.join(ROOT, candidate)) && statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return target;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const DEPENDENCIES = new Set(Object.keys(packageJson.dependencies));
const BUILTINS = new Set(builtinModules);

/** Every broken rule, one line each: `src/a/x.ts:3 imports src/b/y.ts: a may not import b`. */
function violations(
  files: readonly string[],
  read: (file: string) => string = (file) => readFileSync(path.join(ROOT, file), 'utf8'),
): { readonly lines: string[]; readonly exceptionsUsed: Set<string> } {
  const lines: string[] = [];
  const exceptionsUsed = new Set<string>();
  for (const file of files) {
    const from = moduleOf(file);
    if (from === undefined) {
      lines.push(`${file}: its folder has no row in test/architecture-rules.ts`);
      continue;
    }
    const rule: ModuleRule = MODULE_RULES[from];
    for (const record of listImports(read(file))) {
      const where = `${file}:${record.line}`;
      const target = resolveSpecifier(file, record.specifier);
      if (target === undefined) {
        const name = packageName(record.specifier.replace(/^node:/, ''));
        if (record.specifier.startsWith('node:') || BUILTINS.has(name)) continue;
        if (!DEPENDENCIES.has(name)) lines.push(`${where} imports ${name}: not in package.json "dependencies"`);
        else if (HEAVY_PACKAGES.includes(name) && !(rule.packages ?? []).includes(name)) lines.push(`${where} imports ${name}: ${from} may not import ${name}`);
        continue;
      }
      if (!target.startsWith('src/')) {
        lines.push(`${where} imports ${target}: outside src/`);
        continue;
      }
      const to = moduleOf(target);
      if (to === undefined) {
        lines.push(`${where} imports ${target}: its folder has no row in test/architecture-rules.ts`);
        continue;
      }
      if (to === from) continue;
      const typeOnlyAllowed = (rule.typeOnly ?? []).includes(to);
      if (!rule.imports.includes(to) && !(typeOnlyAllowed && record.typeOnly)) {
        const how = typeOnlyAllowed ? ' except with `import type`' : '';
        lines.push(`${where} imports ${target}: ${from} may not import ${to}${how}`);
      }
      const index = to === 'index' ? 'src/index.ts' : `src/${to}/index.ts`;
      const entries = Object.keys(MODULE_RULES[to].entries ?? {}).map((entry) => `src/${to}/${entry}/index.ts`);
      if (target !== index && !entries.includes(target)) {
        const exception = DEEP_IMPORT_EXCEPTIONS.find((e) => e.from === file && e.to === target);
        if (exception === undefined) lines.push(`${where} imports ${target}: import ${index} instead of another module's internals`);
        else exceptionsUsed.add(`${exception.from} → ${exception.to}`);
      }
    }
  }
  return { lines, exceptionsUsed };
}

test('every import under src/ follows the module rules', () => {
  const files = sourceFiles();
  assert.ok(files.length > 100, `found only ${files.length} source files under src/`);
  const { lines } = violations(files);
  assert.deepEqual(lines, [], `imports that break test/architecture-rules.ts:\n${lines.join('\n')}`);
});

test('every deep-import exception is still used', () => {
  const { exceptionsUsed } = violations(sourceFiles());
  const stale = DEEP_IMPORT_EXCEPTIONS.map((e) => `${e.from} → ${e.to}`).filter((key) => !exceptionsUsed.has(key));
  assert.deepEqual(stale, [], 'remove these from DEEP_IMPORT_EXCEPTIONS');
});

test('every module rule names modules that exist, a built module has a folder and a planned one has none', () => {
  for (const [name, rule] of Object.entries(MODULE_RULES)) {
    for (const to of [...rule.imports, ...(rule.typeOnly ?? [])]) assert.ok(MODULE_NAMES.has(to), `${name} names unknown module ${to}`);
    for (const pkg of rule.packages ?? []) assert.ok(HEAVY_PACKAGES.includes(pkg), `${name} lists ${pkg}, which is not in HEAVY_PACKAGES`);
    for (const entry of Object.keys(rule.entries ?? {})) assert.ok(existsSync(path.join(ROOT, `src/${name}/${entry}/index.ts`)), `entry ${name}/${entry} has no index.ts`);
    const where = name === 'index' ? 'src/index.ts' : `src/${name}`;
    if (rule.planned !== true) assert.ok(existsSync(path.join(ROOT, where)), `${where} does not exist; mark ${name} planned or remove it`);
    else assert.ok(!existsSync(path.join(ROOT, where)), `${where} exists: drop planned from its rule and "(planned)" from its row in docs/architecture.md`);
  }
});

/**
 * The `| folder | holds | may import | heavy packages |` rows of docs/architecture.md's layout
 * table, by module; a planned module says `(planned)` after its folder.
 */
function documentedRules(): Map<string, { imports: string[]; typeOnly: string[]; packages: string[]; planned: boolean }> {
  const doc = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
  const rows = new Map<string, { imports: string[]; typeOnly: string[]; packages: string[]; planned: boolean }>();
  for (const line of doc.split('\n')) {
    const match = /^\| `src\/([a-z]+)(?:\/|\.ts)?`/.exec(line);
    if (match === null) continue;
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const [folderCell = '', , importsCell = '', packagesCell = ''] = cells;
    const imports: string[] = [];
    const typeOnly: string[] = [];
    // "`app` and everything `app` may import": the named module's own list, written once.
    const everything = /everything `([a-z]+)` may import/.exec(importsCell);
    const listed = everything === null ? importsCell : importsCell.slice(0, everything.index);
    if (everything !== null) imports.push(...(MODULE_RULES[everything[1] as ModuleName]?.imports ?? [`unknown module ${everything[1]}`]));
    for (const m of listed.matchAll(/`([a-z]+)`( \(types only\))?/g)) (m[2] === undefined ? imports : typeOnly).push(m[1]!);
    const packages = [...packagesCell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rows.set(match[1]!, { imports, typeOnly, packages, planned: folderCell.includes('(planned)') });
  }
  return rows;
}

/** How a rule is written in the document's table, so a failure shows the row to paste. */
function documentedRow(rule: ModuleRule): string {
  const imports = rule.imports.length === 0 ? 'nothing' : rule.imports.map((m) => `\`${m}\``).join(', ');
  const typeOnly = (rule.typeOnly ?? []).map((m) => `, \`${m}\` (types only)`).join('');
  const packages = (rule.packages ?? []).map((p) => `\`${p}\``).join(', ') || '—';
  return `… | ${imports}${typeOnly} | ${packages} |`;
}

test('docs/architecture.md shows the same module rules', () => {
  const documented = documentedRules();
  const sorted = (list: readonly string[]): string[] => [...list].sort();
  for (const [name, rule] of Object.entries(MODULE_RULES)) {
    const row = documented.get(name);
    const expected = documentedRow(rule);
    assert.ok(row !== undefined, `docs/architecture.md has no layout row for ${name}; expected ${expected}`);
    assert.deepEqual(
      { imports: sorted(row.imports), typeOnly: sorted(row.typeOnly), packages: sorted(row.packages), planned: row.planned },
      { imports: sorted(rule.imports), typeOnly: sorted(rule.typeOnly ?? []), packages: sorted(rule.packages ?? []), planned: rule.planned === true },
      `docs/architecture.md's row for ${name} differs from test/architecture-rules.ts; expected ${expected}`,
    );
  }
  assert.deepEqual([...documented.keys()].filter((name) => !MODULE_NAMES.has(name)), [], 'rows in docs/architecture.md without a rule');
  const doc = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
  const entries = Object.entries(MODULE_RULES).flatMap(([name, rule]) => Object.keys(rule.entries ?? {}).map((entry) => `src/${name}/${entry}`));
  assert.deepEqual(entries.filter((entry) => !doc.includes(`\`${entry}\``)), [], 'entries of test/architecture-rules.ts that docs/architecture.md does not name');
  const exceptions = DEEP_IMPORT_EXCEPTIONS.filter((e) => !doc.includes(`\`${e.from.slice('src/'.length)}\``));
  assert.deepEqual(exceptions, [], 'deep-import exceptions that docs/architecture.md does not name');
});

test('the import scanner reads every form of import and skips strings, comments and regular expressions', () => {
  const source = [
    "import { a,",
    "  b } from './multi-line.ts';",
    "import type { T } from '../types.ts';",
    "import './side-effect.ts';",
    "export * from './all.ts';",
    "export type { U } from './u.ts';",
    "export const x = 1; // import y from 'in-a-comment'",
    "/* export { z } from 'in-a-block' */",
    "const template = `import { Ema } from 'rampart/indicators'; ${'${'} `;",
    "const nested = `a ${`b ${f({ c: 1 })}`} import q from 'after-nested'`;",
    "const re = /['\"]from/g;",
    "const lazy = await import('./lazy.ts');",
    "const computed = await import(name);",
    "const file = import.meta.resolve('lightweight-charts');",
    "obj.import('not-an-import');",
  ].join('\n');
  assert.deepEqual(listImports(source), [
    { specifier: './multi-line.ts', kind: 'static', typeOnly: false, line: 2 },
    { specifier: '../types.ts', kind: 'static', typeOnly: true, line: 3 },
    { specifier: './side-effect.ts', kind: 'static', typeOnly: false, line: 4 },
    { specifier: './all.ts', kind: 'reexport', typeOnly: false, line: 5 },
    { specifier: './u.ts', kind: 'reexport', typeOnly: true, line: 6 },
    { specifier: './lazy.ts', kind: 'dynamic', typeOnly: false, line: 12 },
    { specifier: 'lightweight-charts', kind: 'resolve', typeOnly: false, line: 14 },
  ]);
});

test('an import across the rules is reported with file, line and rule', () => {
  const source = [
    "import { runBacktest } from '../backtest/index.ts';",
    "import { roundDownToStep } from '../core/rounding.ts';",
    "import type { Exchange } from '../exchange/index.ts';",
    "import ccxt from 'ccxt';",
    "import fc from 'fast-check';",
    "import { Order } from 'rampart/execution';",
    "import { z } from 'zod';",
  ].join('\n');
  const { lines } = violations(['src/simulator/example.ts', 'src/data/example.ts'], (file) => file.startsWith('src/data') ? "import { openExchange } from '../exchange/index.ts';" : source);
  assert.deepEqual(lines, [
    'src/simulator/example.ts:1 imports src/backtest/index.ts: simulator may not import backtest',
    'src/simulator/example.ts:2 imports src/core/rounding.ts: import src/core/index.ts instead of another module\'s internals',
    'src/simulator/example.ts:3 imports src/exchange/index.ts: simulator may not import exchange',
    'src/simulator/example.ts:4 imports ccxt: simulator may not import ccxt',
    'src/simulator/example.ts:5 imports fast-check: not in package.json "dependencies"',
    'src/simulator/example.ts:6 imports src/execution/index.ts: simulator may not import execution',
    'src/data/example.ts:1 imports src/exchange/index.ts: data may not import exchange except with `import type`',
  ]);
});
