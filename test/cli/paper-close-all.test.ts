// close-all on a running paper fleet, as real processes: `rampart close-all` from another terminal
// flattens a paper instance on the simulated venue (its resting orders cancelled, its position sold
// at market on the lot step) and says what was sold; the journal shows the close-all order, its
// fill and trade, and a balance with no position left but dust under one lot step. A shadow
// instance beside it holds no position, and the outcome says so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

interface JournalRow {
  readonly id: number;
  readonly instance: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

/** Buys on its first live candle and holds: the position stays until something else closes it. */
const HOLD = `import type { StrategyDefinition } from 'rampart/strategies';
export default {
  name: 'hold',
  description: 'buy once and hold',
  params: [],
  create() {
    return { onCandle: (ctx) => (ctx.position === 0 && ctx.index > 2 ? { type: 'enter', side: 'long' } : null) };
  },
} satisfies StrategyDefinition;
`;

function journal(db: string, dir: string): JournalRow[] {
  const run = rampart(['--db', db, 'journal', '--json', '--limit', '100000'], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as JournalRow[];
}

test('close-all on a running paper instance sells its position on the simulated venue and says what it sold', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'fleet.db');
  writeFileSync(path.join(dir, 'hold.ts'), HOLD);
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify({ simulator: { speed: 36_000 }, instances: [{ name: 'btc', symbol: 'BTCUSDT', timeframe: '1h', strategy: './hold.ts', warmupCandles: 5, sizing: 'percent', sizingValue: 50 }, { name: 'sh', mode: 'shadow', symbol: 'BTCUSDT', timeframe: '1h', strategy: './hold.ts', warmupCandles: 5 }] }));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', db, 'run', '--config', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  let held = 0;
  let reported = '';
  try {
    for (let i = 0; i < 600 && !stdout.includes('Ctrl-C stops'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(stdout, /Ctrl-C stops/, stderr);
    for (let i = 0; i < 300 && !(held > 0); i++) {
      held = Number(journal(db, dir).filter((row) => row.kind === 'balance' && row.instance === 'btc').at(-1)?.data['position'] ?? 0);
      if (!(held > 0)) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(held > 0, 'the paper instance holds a position before the close-all');

    const close = rampart(['--db', db, 'close-all', '--reason', 'flatten paper', '--wait', '30'], { cwd: dir });
    assert.equal(close.status, 0, close.stderr);
    const line = /^close-all of the fleet: sold (\d+\.\d+) BTCUSDT for btc \(on the simulated venue at ([\d.]+)\)/m.exec(close.stdout);
    assert.ok(line, close.stdout);
    assert.doesNotMatch(close.stdout, /nothing was left to do/);
    assert.match(close.stdout, /sh is a shadow instance: it holds no real position, nothing to sell/);
    reported = line[1]!;
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  const rows = journal(db, dir);
  const fill = rows.find((row) => row.kind === 'fill' && row.data['role'] === 'close-all');
  assert.ok(rows.every((row) => !(row.kind === 'fill' && row.instance === 'sh')), 'the shadow instance fills nothing');
  assert.ok(fill, 'the close-all fill is journaled');
  assert.equal(fill.data['side'], 'sell');
  assert.equal(fill.data['reason'], 'close-all');
  const trade = rows.find((row) => row.kind === 'trade' && row.data['exitReason'] === 'close-all');
  assert.ok(trade, 'the closed trade is journaled');
  const after = rows.filter((row) => row.kind === 'balance' && row.instance === 'btc' && row.id > fill.id);
  assert.ok(after.length > 0);
  for (const balance of after) assert.ok(Number(balance.data['position']) < 0.00001, `only dust under one lot step stays (${String(balance.data['position'])})`);
  const sold = Number(fill.data['qty']);
  assert.equal(Number(reported), sold, 'the outcome line names the quantity the fill sold');
  assert.ok(Math.abs(held - sold) < 0.00001, `sold ${sold} of ${held}`);
  assert.ok(rows.every((row) => !(row.kind === 'fill' && row.id > fill.id && row.data['side'] === 'buy')), 'no entry after the close-all: the instance is halted');
});
