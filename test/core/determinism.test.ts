// The clock rule: only core/clock.ts reads the system time and only core/rng.ts draws entropy,
// so every run can be replayed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../fixtures/cli.ts';

// src/web/clock.ts: the dashboard's clock in the browser, for display only (no run replays it).
const ALLOWED = new Set(['src/core/clock.ts', 'src/core/rng.ts', 'src/web/clock.ts']);
const FORBIDDEN = [/Date\.now\(/, /new Date\(\s*\)/, /Math\.random\(/, /performance\.now\(/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('only the clock and rng modules read time or entropy', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const relative = path.relative(ROOT, file);
    if (ALLOWED.has(relative)) continue;
    const text = readFileSync(file, 'utf8');
    for (const pattern of FORBIDDEN) if (pattern.test(text)) offenders.push(`${relative}: ${pattern.source}`);
  }
  assert.deepEqual(offenders, []);
});
