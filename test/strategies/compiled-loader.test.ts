// The strategy-file loader compiled to JavaScript (as the CLI runs from a build) in a plain Node
// process with no TypeScript loader: it must register one itself, on the first strategy file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { ROOT, tempDir } from '../fixtures/cli.ts';

test('compiled to JavaScript and run without tsx, the loader loads a .ts strategy from the temp dir that imports rampart/indicators', async () => {
  // Inside the package (a build lives there), so 'rampart/…' resolves to this package from it.
  const buildDir = mkdtempSync(path.join(ROOT, 'tmp-compiled-loader-'));
  try {
    const bundle = path.join(buildDir, 'strategies.mjs');
    await build({ entryPoints: [path.join(ROOT, 'src/strategies/index.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'silent' });
    const dir = tempDir('rampart-compiled-loader-');
    const good = path.join(dir, 'ema-up.ts');
    writeFileSync(
      good,
      `import { Ema } from 'rampart/indicators';
import type { StrategyDefinition } from 'rampart/strategies';
export default {
  name: 'ema-up', description: '', params: [],
  create() {
    const ema = new Ema(2);
    return { onCandle: ({ candle }: { candle: { close: number } }) => (ema.update(candle.close) > 1 ? { type: 'exit' } : null) };
  },
} satisfies StrategyDefinition;
`,
    );
    const broken = path.join(dir, 'broken.mts');
    writeFileSync(broken, `export default {\n  name: 'broken' oops,\n};\n`);
    const script = `
const { loadStrategyFile } = await import(${JSON.stringify(bundle)});
const definition = await loadStrategyFile(${JSON.stringify(good)});
const strategy = definition.create({});
const intents = [1, 2, 3].map((close) => strategy.onCandle({ candle: { close } }));
console.log(JSON.stringify({ name: definition.name, intents }));
try { await loadStrategyFile(${JSON.stringify(broken)}); } catch (error) { console.log(error.message); }
`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, run.stderr);
    const [loaded, syntax] = run.stdout.trim().split('\n');
    assert.deepEqual(JSON.parse(loaded!), { name: 'ema-up', intents: [null, { type: 'exit' }, { type: 'exit' }] });
    assert.equal(syntax, `${broken}:2:18: Expected "}" but found "oops"`);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
});
