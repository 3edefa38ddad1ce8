// `rampart sweep` end to end: real processes, real SQLite, a kill -9 in the middle.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openStore } from '../../src/store/index.ts';
import { rampart, ROOT, tempDir } from '../fixtures/cli.ts';

interface SweepJson {
  sweepId: number;
  complete: boolean;
  total: number;
  results: { symbol: string; timeframe: string; params: Record<string, number>; metrics: Record<string, number | null> }[];
  summary: { byTimeframe: { key: string }[] };
}

const ARGS = ['sweep', '--config', 'examples/sweep.yml', '--workers', '2'];

function sweepJson(args: readonly string[]): SweepJson {
  const run = rampart([...args, '--json']);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as SweepJson;
}

/** Starts a sweep and sends it `signal` once its progress passes `fraction`; resolves with its exit code. */
function signalMidway(db: string, fraction: number, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), ...ARGS, '--db', db], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('sweep did not finish within 60 s'));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /sweep: (\d+)\/(\d+)/.exec(chunk.toString());
      if (!sent && match !== null && Number(match[1]) / Number(match[2]) >= fraction) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Starts a sweep and kills it with SIGKILL once its progress passes `fraction`. */
function killMidway(db: string, fraction: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), ...ARGS, '--db', db], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('sweep did not report progress within 60 s'));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      const match = /sweep: (\d+)\/(\d+)/.exec(chunk.toString());
      if (match !== null && Number(match[1]) / Number(match[2]) >= fraction) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`sweep ended before it could be killed (${signal ?? 'exit'})`));
    });
  });
}

describe('rampart sweep', () => {
  const dir = tempDir();

  test('the example sweep runs 2,700 scenarios and prints the ranking and summaries', () => {
    const csv = path.join(dir, 'sweep.csv');
    const html = path.join(dir, 'sweep.html');
    const run = rampart([...ARGS, '--db', path.join(dir, 'a.db'), '--csv', csv, '--out', html, '--top', '5']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /sweep #1: 2700\/2700 scenarios/);
    assert.match(run.stdout, /top 5 by sharpe:/);
    assert.match(run.stdout, /best timeframe (1h|4h|1d): [+-][\d.]+% average return/);
    assert.equal(readFileSync(csv, 'utf8').trim().split('\n').length, 2701);
    assert.match(readFileSync(html, 'utf8'), /Heatmap: average sharpe/);
  });

  test('a sweep killed with SIGKILL resumes to exactly the results of an uninterrupted one', async () => {
    const db = path.join(dir, 'killed.db');
    await killMidway(db, 0.3);
    const store = openStore(db);
    const stored = (await store.sweeps.results(1)).length;
    assert.equal((await store.sweeps.get(1))?.status, 'running');
    store.close();
    assert.ok(stored < 2700, `expected a partial sweep, found ${stored} results`);
    const resumed = sweepJson([...ARGS, '--db', db, '--resume']);
    assert.equal(resumed.sweepId, 1);
    assert.equal(resumed.complete, true);
    assert.equal(resumed.results.length, 2700);
    const fresh = sweepJson([...ARGS, '--workers', '1', '--db', path.join(dir, 'fresh.db')]);
    assert.deepEqual(resumed.results, fresh.results);
  });

  test('runs its workers when node is started with V8 flags', () => {
    // Flags handed to a worker explicitly are refused (ERR_WORKER_INVALID_EXEC_ARGV); workers take none.
    const args = ['sweep', '--symbols', 'ETHUSDT', '--timeframes', '1d', '--fast', '5..9:2', '--slow', '20', '--signal', '9', '--workers', '2', '--json', '--db', path.join(dir, 'flags.db')];
    const run = spawnSync(process.execPath, ['--max-old-space-size=2048', '--stack-size=2000', path.join(ROOT, 'bin/rampart.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as SweepJson;
    assert.equal(out.complete, true);
    assert.equal(out.results.length, 3);
  });

  test('flags define a sweep without a file; --sample draws a seeded subset', () => {
    const args = ['sweep', '--symbols', 'ETHUSDT', '--timeframes', '1d,4h', '--fast', '5..20:5', '--slow', 'fast+5..50:5', '--signal', '9', '--sample', '20', '--seed', '3', '--db', path.join(dir, 'b.db')];
    const a = sweepJson(args);
    const b = sweepJson([...args.slice(0, -1), path.join(dir, 'c.db')]);
    assert.equal(a.total, 20);
    assert.deepEqual(a.results, b.results);
  });

  test('bad sweeps are one line, exit code 2, and write nothing', async () => {
    const db = path.join(dir, 'bad.db');
    const cases: [string[], RegExp][] = [
      [['--fast', '40..3'], /range for 'fast' is inverted/],
      [['--fast', '3..9', '--slow', '2..3'], /give no valid combination/],
      [['--fsat', '3..9'], /unknown parameter 'fsat'/],
      [['--timeframes', '3h', '--fast', '3..5'], /timeframes/],
      [['--symbols', 'FOOUSDT', '--fast', '3..5'], /unknown symbol 'FOOUSDT'/],
      [['--config', 'nope.yml'], /nope\.yml: sweep config not found/],
    ];
    for (const [args, pattern] of cases) {
      const run = rampart(['sweep', '--symbols', 'BTCUSDT', '--timeframes', '1d', ...args, '--db', db]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, pattern);
    }
    const big = rampart(['sweep', '--symbols', 'BTCUSDT,ETHUSDT', '--timeframes', '1h,4h,1d', '--fast', '2..100', '--slow', 'fast+1..300', '--db', db]);
    assert.equal(big.status, 2);
    assert.match(big.stderr, /more than the limit of 100000; confirm with --yes/);
    if (existsSync(db)) {
      const store = openStore(db);
      assert.equal(await store.sweeps.get(1), undefined);
      store.close();
    }
  });

  test('walk-forward reports each in-sample winner next to its out-of-sample result', () => {
    const run = rampart(['walk-forward', '--symbols', 'ETHUSDT', '--timeframes', '4h', '--fast', '5..20:5', '--slow', 'fast+5..40:10', '--windows', '3', '--min-trades', '3', '--json', '--db', path.join(dir, 'wf.db')]);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as { windows: { isTo: number; oosFrom: number }[]; picks: { params: Record<string, number> | null; inSample: { tradeCount: number } | null; outOfSample: unknown }[]; summary: { picks: number; windows: number } };
    assert.equal(doc.windows.length, 3);
    for (const w of doc.windows) assert.equal(w.isTo, w.oosFrom);
    assert.equal(doc.picks.length, 3);
    for (const pick of doc.picks) {
      assert.ok(pick.params !== null && pick.inSample !== null && pick.outOfSample !== null);
      assert.ok(pick.inSample.tradeCount >= 3);
    }
    assert.equal(doc.summary.windows, 3);
    const text = rampart(['walk-forward', '--symbols', 'ETHUSDT', '--timeframes', '4h', '--fast', '5..20:5', '--slow', 'fast+5..40:10', '--windows', '3', '--min-trades', '3', '--db', path.join(dir, 'wf.db')]);
    assert.match(text.stdout, /walk-forward \(rolling, 3 windows, sweep #1\): in-sample .* → out-of-sample .* efficiency/);
  });

  test('select picks a winner by the rule and writes a conservative deployment config', () => {
    const db = path.join(dir, 'select.db');
    const sweep = sweepJson(['sweep', '--symbols', 'XRPUSDT,ETHUSDT', '--timeframes', '4h', '--fast', '5..30:5', '--slow', 'fast+5..60:5', '--signal', '9', '--db', db]);
    const out = path.join(dir, 'deploy.yml');
    const run = rampart(['select', '--sweep', String(sweep.sweepId), '--min-trades', '5', '--out', out, '--force', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /in-sample until \d{4}-\d\d-\d\d, hold-out after/);
    assert.match(run.stdout, /IS Sharpe [\d.-]+ → OOS [\d.—-]+ .*deflated Sharpe [\d.]+ over \d+ trials/);
    const config = readFileSync(out, 'utf8');
    assert.match(config, /^# rampart deployment config/);
    assert.match(config, /mode: paper/);
    assert.match(config, /\nsizing: percent\nsizingValue: 50\n/);
    assert.match(config, /\nstopLossPct: 2\ntakeProfitPct: 4\nmaxTradesPerDay: 3\n/);
    assert.match(config, /deflatedSharpe: [\d.]+/);
    const missing = rampart(['select', '--sweep', '99', '--db', db]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no sweep '99'/);
  });

  test('Ctrl-C stores what finished, says how to resume, and exits 130', async () => {
    const db = path.join(dir, 'interrupted.db');
    const stopped = await signalMidway(db, 0.2, 'SIGINT');
    assert.equal(stopped.code, 130, stopped.stderr);
    assert.match(stopped.stderr, /interrupted: \d+\/2700 scenarios stored; finish with the same command and --resume/);
    const store = openStore(db);
    assert.equal((await store.sweeps.get(1))?.status, 'interrupted');
    store.close();
    const resumed = sweepJson([...ARGS, '--db', db, '--resume']);
    assert.equal(resumed.complete, true);
    assert.equal(resumed.results.length, 2700);
  });
});
