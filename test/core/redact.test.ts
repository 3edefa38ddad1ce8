// Redaction of registered secrets: as written, and as escaped inside a JSON string.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mask, redact, registerSecret } from '../../src/core/index.ts';

test('a registered secret is masked as written and as a JSON string escapes it', () => {
  const secret = 'pass"phrase\\with-escapes';
  registerSecret(secret);
  assert.equal(redact(`key ${secret} end`), `key ${mask(secret)} end`);
  const json = JSON.stringify({ passphrase: secret });
  const out = redact(json);
  assert.ok(!out.includes('with-escapes'), out);
  assert.deepEqual(JSON.parse(out), { passphrase: mask(secret) }, 'still valid JSON');
});

test('values shorter than six characters are not registered', () => {
  registerSecret('abc12');
  assert.equal(redact('abc12'), 'abc12');
});
