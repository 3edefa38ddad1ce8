// The fleet's logs: JSON lines in a file rotated by size, each instance's lines naming it and its
// mode, registered secrets masked wherever they appear, and a readable line on a terminal.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { mask, registerSecret, SimulatedClock } from '../../src/core/index.ts';
import { createLog } from '../../src/live/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'rampart-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
const freshFile = (): string => path.join(dir, `run-${++fileCount}`, 'fleet.log');

function jsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A terminal stand-in: a real stream that collects what is written to it. */
function terminal(isTTY: boolean): { stream: PassThrough & { isTTY: boolean }; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

test("every line of an instance is JSON carrying the instance's name and mode", () => {
  const file = freshFile();
  const log = createLog({ file, terminal: false, clock: new SimulatedClock(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) });
  const btc = log.instance('btc-4h', 'paper');
  const eth = log.instance('eth-1h', 'testnet');
  btc.info({ price: 42_000.5 }, 'candle closed');
  eth.warn('feed paused');
  btc.child({ clientOrderId: 'btc-4h-7' }).info('order sent');
  log.root.info('fleet started');
  log.close();
  const lines = jsonLines(file);
  assert.deepEqual(
    lines.map((l) => [l['level'], l['instance'], l['mode'], l['msg']]),
    [
      ['info', 'btc-4h', 'paper', 'candle closed'],
      ['warn', 'eth-1h', 'testnet', 'feed paused'],
      ['info', 'btc-4h', 'paper', 'order sent'],
      ['info', undefined, undefined, 'fleet started'],
    ],
  );
  assert.equal(lines[0]!['time'], '2026-01-02T03:04:05.006Z');
  assert.equal(lines[0]!['price'], 42_000.5);
  assert.equal(lines[2]!['clientOrderId'], 'btc-4h-7');
  assert.equal(lines[0]!['pid'], process.pid);
});

test('a registered secret never appears: not in a message, a field, a nested value or an error, in the file or on a terminal', () => {
  const secret = 'k3y-"quoted"\\slash-9f8e7d';
  registerSecret(secret);
  const file = freshFile();
  const tty = terminal(true);
  const pipe = terminal(false);
  for (const out of [tty, pipe]) {
    const log = createLog({ file, terminal: out.stream });
    const bot = log.instance('btc-4h', 'live');
    bot.info(`signed with ${secret}`);
    bot.info({ apiKey: secret, request: { headers: { 'X-MBX-APIKEY': secret } } }, 'request');
    bot.error({ err: new Error(`venue refused key ${secret}`) }, 'order failed');
    log.close();
  }
  const written = [readFileSync(file, 'utf8'), tty.text(), pipe.text()];
  const escaped = JSON.stringify(secret).slice(1, -1);
  for (const text of written) {
    assert.ok(!text.includes(secret) && !text.includes(escaped), `secret in: ${text}`);
    assert.ok(!text.includes('quoted'), 'no part of the secret past its first four characters');
  }
  assert.equal(jsonLines(file).length, 6, 'the file is still JSON lines');
  assert.equal(jsonLines(file)[0]!['msg'], `signed with ${mask(secret)}`);
});

test('rotation keeps the number of files asked for, none past the size bound, the newest lines in order', () => {
  const file = freshFile();
  const maxBytes = 2_000;
  const log = createLog({ file, terminal: false, maxBytes, files: 3 });
  const bot = log.instance('grid', 'paper');
  for (let i = 0; i < 300; i++) bot.info({ i }, 'tick');
  log.close();
  const names = readdirSync(path.dirname(file)).sort();
  assert.deepEqual(names, ['fleet.log', 'fleet.log.1', 'fleet.log.2']);
  for (const name of names) assert.ok(statSync(path.join(path.dirname(file), name)).size <= maxBytes, `${name} within ${maxBytes} bytes`);
  // Oldest kept file first: the sequence numbers run on without a hole and end at the last line.
  const kept = ['fleet.log.2', 'fleet.log.1', 'fleet.log'].flatMap((name) => jsonLines(path.join(path.dirname(file), name)).map((l) => l['i'] as number));
  assert.equal(kept.at(-1), 299);
  kept.forEach((value, k) => assert.equal(value, kept[0]! + k));
  assert.ok(kept.length < 300, 'the oldest lines were rotated away');
});

test('a restart appends to the file and rotates at the same bound; a line longer than the bound gets a file of its own', () => {
  const file = freshFile();
  const first = createLog({ file, terminal: false, maxBytes: 600, files: 4 });
  first.root.info('one');
  first.close();
  const second = createLog({ file, terminal: false, maxBytes: 600, files: 4 });
  second.root.info('two');
  second.root.info('x'.repeat(1_000));
  second.root.info('three');
  second.close();
  const at = (name: string): unknown[] => jsonLines(path.join(path.dirname(file), name)).map((l) => l['msg']);
  assert.deepEqual(at('fleet.log.2'), ['one', 'two']);
  assert.deepEqual(at('fleet.log.1'), ['x'.repeat(1_000)]);
  assert.deepEqual(at('fleet.log'), ['three']);
});

test('a terminal that is a TTY gets one readable line per record; a pipe gets the JSON lines', () => {
  const clock = new SimulatedClock(Date.UTC(2026, 10, 30, 15, 35, 1, 123));
  const tty = terminal(true);
  const pipe = terminal(false);
  for (const out of [tty, pipe]) {
    const log = createLog({ terminal: out.stream, clock });
    log.instance('btc-4h', 'paper').info({ side: 'buy', reason: 'macd cross' }, 'order sent');
    log.root.error({ err: new RangeError('bad size') }, 'stopped');
  }
  assert.equal(
    tty.text(),
    '2026-11-30 15:35:01.123 INFO  btc-4h/paper  order sent  side=buy reason="macd cross"\n' + '2026-11-30 15:35:01.123 ERROR stopped  err="RangeError: bad size"\n',
  );
  const records = pipe
    .text()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    records.map((r) => [r['instance'], r['mode'], r['msg']]),
    [
      ['btc-4h', 'paper', 'order sent'],
      [undefined, undefined, 'stopped'],
    ],
  );
});

test('the level filters what is written', () => {
  const file = freshFile();
  const log = createLog({ file, terminal: false, level: 'warn' });
  const bot = log.instance('ada-1d', 'shadow');
  bot.info('not written');
  bot.warn('written');
  log.close();
  assert.deepEqual(
    jsonLines(file).map((l) => l['msg']),
    ['written'],
  );
});
