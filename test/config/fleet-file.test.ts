// Fleet files: a fleet of instances, or one instance's file (what `rampart select` writes) run as a
// fleet of that instance alone, with file, line and field in every error.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readFleetFile } from '../../src/config/index.ts';
import { tempDir } from '../fixtures/cli.ts';

const dir = tempDir();

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

test('a deployment file (one instance, no instances list) is a fleet of that instance', () => {
  const fleet = readFleetFile(file('deploy.yml', 'name: xrp-4h\nsymbol: XRPUSDT\ntimeframe: 4h\nstrategy: macd-cross\nparams: { fast: 7, slow: 14, signal: 7 }\nfee: 0.1%\n'));
  assert.equal(fleet.instances.length, 1);
  assert.equal(fleet.instances[0]!.name, 'xrp-4h');
  assert.equal(fleet.instances[0]!.mode, 'paper');
  assert.equal(fleet.instances[0]!.fee, 0.001);
});

test("an error in a deployment file names the file and the key's own line", () => {
  const at = file('typo.yml', 'name: xrp-4h\nsymbol: XRPUSDT\ntimeframe: 4h\nsizng: percent\n');
  assert.throws(() => readFleetFile(at), (error: Error) => error.message.includes(`${at}, line 4`) && error.message.includes('sizng'));
});
