// The encrypted key store on real files, and the redaction of secrets from everything printed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { KeyStore } from '../../src/config/index.ts';
import { redact, registerSecret } from '../../src/core/index.ts';
import { ROOT, tempDir } from '../fixtures/cli.ts';

const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aK';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

describe('key store', () => {
  test('keys round-trip under the passphrase and the file holds no plaintext', () => {
    const file = path.join(tempDir(), 'keys.json');
    KeyStore.open(file, 'correct horse').add({ name: 'binance-main', exchange: 'binance', apiKey: API_KEY, secret: SECRET }, 1_700_000_000_000);
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(API_KEY) && !text.includes(SECRET));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const reopened = KeyStore.open(file, 'correct horse');
    assert.deepEqual(reopened.list(), [{ name: 'binance-main', exchange: 'binance', createdAt: 1_700_000_000_000 }]);
    assert.deepEqual(reopened.get('binance-main'), { name: 'binance-main', exchange: 'binance', apiKey: API_KEY, secret: SECRET });
    reopened.remove('binance-main');
    assert.deepEqual(KeyStore.open(file, 'correct horse').list(), []);
  });

  test('a wrong passphrase, a missing one, and a tampered entry are refused', () => {
    const file = path.join(tempDir(), 'keys.json');
    KeyStore.open(file, 'correct horse').add({ name: 'k', exchange: 'binance', apiKey: API_KEY, secret: SECRET });
    assert.throws(() => KeyStore.open(file, 'wrong horse'), /wrong passphrase for the key store/);
    assert.throws(() => KeyStore.open(file, undefined), /set RAMPART_PASSPHRASE/);
    const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, { sealed: { data: string } }> };
    const sealed = data.entries['k']!.sealed;
    sealed.data = Buffer.from(Buffer.from(sealed.data, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64');
    writeFileSync(file, JSON.stringify(data));
    assert.throws(() => KeyStore.open(file, 'correct horse').get('k'), /does not decrypt \(the file was altered\)/);
  });
});

describe('redaction', () => {
  test('registered secrets are masked wherever they appear in a line', () => {
    registerSecret(SECRET);
    assert.equal(redact(`signature failed for secret=${SECRET}&x=1`), 'signature failed for secret=NhqP…[redacted]&x=1');
  });

  test('no command prints a stored key or secret, on success or on error (stdout and stderr scanned)', () => {
    const dir = tempDir();
    const env = { ...process.env, RAMPART_PASSPHRASE: 'pass-phrase-for-test' };
    const run = (args: string[], input?: string): string => {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/rampart.js'), ...args], { cwd: dir, env, input, encoding: 'utf8' });
      return r.stdout + r.stderr;
    };
    const output = [
      run(['keys', 'add', 'main', '--exchange', 'binance'], `${API_KEY}\n${SECRET}\n`),
      run(['keys', 'list']),
      run(['keys', 'add', 'bad name!', '--exchange', 'binance'], `${API_KEY}\n${SECRET}\n`),
      run(['keys', 'list', '--debug']),
      run(['keys', 'remove', 'nope']),
      // The simulator started with these keys prints its URLs, never the keys.
      run(['simulator', '--port', '0', '--api-key', API_KEY, '--api-secret', SECRET, '--symbols', 'NOPEUSDT']),
    ].join('\n');
    assert.match(output, /key 'main' \(binance, vmPU…\[redacted\]\) saved/);
    assert.ok(!output.includes(API_KEY), output);
    assert.ok(!output.includes(SECRET), output);
    assert.ok(!output.includes('pass-phrase-for-test'));
  });
});
