// `rampart simulator` as a user runs it: a real process that prints its URLs, serves ccxt-style
// requests, steps its market on a timer, and stops on SIGTERM; bad flags are one-line errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, rampart } from '../fixtures/cli.ts';

test('the simulator prints its URLs, serves klines, moves its market, and exits cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), 'simulator', '--port', '0', '--symbols', 'BTCUSDT', '--speed', '36000'], { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    // A generous bound: loading the CLI from source on a busy machine takes tens of seconds.
    for (let i = 0; i < 1200 && !/Ctrl-C/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const rest = /simulator REST\s+(\S+)/.exec(out)?.[1];
    assert.ok(rest !== undefined, out);
    assert.match(out, /api key rampart-local-key {2}secret rampart-local-secret/);
    assert.match(out, /klines {4}1h 2h 4h 6h 8h 12h 1d 3d 1w 1M {2}\(from the replayed 1h candles; finer intervals are refused\)/);
    const price = async (): Promise<string> => ((await (await fetch(`${rest}/ticker/price?symbol=BTCUSDT`)).json()) as { price: string }).price;
    const first = await price();
    let later = first;
    for (let i = 0; i < 100 && later === first; i++) {
      await new Promise((r) => setTimeout(r, 20));
      later = await price();
    }
    assert.notEqual(later, first, 'the market moves at --speed');
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
});

test('bad simulator flags are one-line errors with exit code 2', () => {
  for (const [args, message] of [
    [['--balance', 'USDT=lots'], /--balance entries look like USDT=10000, got 'USDT=lots'/],
    [['--faults', '{"dropRate":2}'], /--faults: dropRate: Too big/],
    [['--makers-per-level', '0.5'], /--makers-per-level must be a whole number of at least 1, got '0.5'/],
    [['--symbols', 'FOOUSDT'], /no bundled 1h candles for FOOUSDT/],
    [['--timeframe', '7x'], /--timeframe must be a timeframe/],
    [['--api-key', 'k'], /--api-key and --api-secret go together/],
    [['--host', '0.0.0.0'], /--host 0\.0\.0\.0 is reachable from other machines, and the documented local key pair is public/],
  ] as const) {
    const run = rampart(['simulator', '--port', '0', ...args]);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  }
});
