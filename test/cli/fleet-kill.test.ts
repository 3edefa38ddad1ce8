// The kill switch wired into a running fleet, as real processes: `rampart kill` from another
// terminal halts a running `rampart run` (the fleet carries the trigger out and its instances show
// `halted` with the reason), `resume` lifts it; a second `rampart run` on the same store and
// instance is refused; a fleet killed before it starts journals its refusals with their code;
// the fleet's JSON-lines log names every instance line's name and mode.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

interface StatusRow {
  readonly instance: string;
  readonly riskState: string;
  readonly riskReason: string;
}

interface JournalRow {
  readonly id: number;
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

function fleetFile(dir: string, body: Record<string, unknown>): string {
  const file = path.join(dir, 'fleet.yml');
  writeFileSync(file, stringify(body));
  return file;
}

const INSTANCE = { name: 'btc', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'percent', sizingValue: 20 };

function balances(db: string, dir: string): JournalRow[] {
  const run = rampart(['--db', db, 'journal', '--json', '--limit', '100000'], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as JournalRow[]).filter((row) => row.kind === 'balance');
}

/** Waits (bounded) for a balance snapshot written after `afterId` whose risk state is `state`. */
async function snapshotWith(db: string, dir: string, afterId: number, state: string): Promise<JournalRow | undefined> {
  for (let i = 0; i < 300; i++) {
    const found = balances(db, dir).find((row) => row.id > afterId && row.data['riskState'] === state);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return undefined;
}

test('rampart kill halts a running fleet, status shows why, resume lifts it; a second run on the instance is refused', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'fleet.db');
  const file = fleetFile(dir, { simulator: { speed: 36_000 }, instances: [INSTANCE] });
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), '--db', db, 'run', '--config', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = once(child, 'exit');
  try {
    for (let i = 0; i < 600 && !stdout.includes('Ctrl-C stops'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(stdout, /Ctrl-C stops/);

    const second = rampart(['--db', db, 'run', '--config', file], { cwd: dir });
    assert.equal(second.status, 2);
    assert.equal(second.stderr.trim().split('\n').length, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`instance 'btc' already runs in process ${child.pid}`));

    const kill = rampart(['--db', db, 'kill', '--reason', 'test halt', '--wait', '30'], { cwd: dir });
    assert.equal(kill.status, 0, kill.stderr);
    // Carried out by the running fleet (not left waiting for one); a market order the strategy
    // sent at the last close and the venue holds for the next open is cancelled.
    assert.match(kill.stdout, /^kill of the fleet: (nothing was left to do|cancelled 1 simulated order \(btc simulated order \d+\)$)/m);
    const status = (JSON.parse(rampart(['--db', db, 'status', '--json'], { cwd: dir }).stdout) as StatusRow[])[0]!;
    assert.equal(status.riskState, 'halted');
    assert.match(status.riskReason, /kill switch \(cli, .*\): test halt/);
    const lastBefore = balances(db, dir).at(-1)?.id ?? 0;
    const halted = await snapshotWith(db, dir, lastBefore, 'halted');
    assert.ok(halted, 'the running instance reports halted');
    assert.match(String(halted.data['riskReason']), /test halt/);

    const resume = rampart(['--db', db, 'resume'], { cwd: dir });
    assert.equal(resume.status, 0, resume.stderr);
    assert.ok(await snapshotWith(db, dir, halted.id, 'active'), 'the running instance is active again');
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  const log = readFileSync(path.join(dir, 'logs', 'fleet.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const instanceLines = log.filter((line) => line['instance'] !== undefined);
  assert.ok(instanceLines.length > 0);
  for (const line of instanceLines) assert.deepEqual([line['instance'], line['mode']], ['btc', 'paper']);
  assert.ok(log.some((line) => String(line['msg']).startsWith('kill of the fleet')), 'the kill is in the log');
  // The lock went with the process: the instance can run again.
  const again = rampart(['--db', db, 'run', '--config', file, '--exit-after-candles', '1'], { cwd: dir });
  assert.equal(again.status, 0, again.stderr);
});

test('a fleet halted before it starts (EMERGENCY_STOP) trades nothing and journals each refusal with its code', () => {
  const dir = tempDir();
  const db = path.join(dir, 'fleet.db');
  writeFileSync(path.join(dir, 'EMERGENCY_STOP'), 'exchange incident\n');
  const file = fleetFile(dir, { simulator: { speed: 720_000, start: '2025-03-01' }, instances: [INSTANCE] });
  const run = rampart(['--db', db, 'run', '--config', file, '--exit-after-candles', '120'], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  const rows = JSON.parse(rampart(['--db', db, 'journal', '--json', '--limit', '100000'], { cwd: dir }).stdout) as JournalRow[];
  const refusals = rows.filter((row) => row.kind === 'refusal');
  assert.ok(refusals.length > 0, 'the strategy asked for entries');
  for (const refusal of refusals) {
    assert.equal(refusal.data['code'], 'HALTED');
    assert.match(String(refusal.data['reason']), /kill switch \(file, .*\): .*EMERGENCY_STOP: exchange incident/);
  }
  assert.equal(rows.filter((row) => row.kind === 'trade').length, 0);
  const status = (JSON.parse(rampart(['--db', db, 'status', '--json'], { cwd: dir }).stdout) as StatusRow[])[0]!;
  assert.equal(status.riskState, 'halted');
});
