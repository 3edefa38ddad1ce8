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

test('endpoints override a Binance venue: https/wss anywhere, plain http/ws only to loopback, Binance venues only', () => {
  const instances = 'instances:\n  - { name: a, symbol: BTCUSDT, timeframe: 1h }\n';
  const fleet = readFleetFile(file('proxy.yml', `endpoints:\n  binance: { rest: "https://proxy.example:8443/", ws: "wss://proxy.example:9443" }\n${instances}`));
  assert.deepEqual(fleet.endpoints, { binance: { rest: 'https://proxy.example:8443/', ws: 'wss://proxy.example:9443' } });
  assert.deepEqual(readFleetFile(file('local.yml', `endpoints:\n  binance-testnet: { rest: "http://127.0.0.1:9100", ws: "ws://127.0.0.1:9100" }\n${instances}`)).endpoints?.['binance-testnet'], { rest: 'http://127.0.0.1:9100', ws: 'ws://127.0.0.1:9100' });
  const plain = file('plain.yml', `endpoints:\n  binance:\n    rest: "http://10.0.0.5:9100"\n    ws: "wss://proxy.example:9443"\n${instances}`);
  assert.throws(() => readFleetFile(plain), (error: Error) => error.message.includes(`${plain}, line 3, field 'endpoints.binance.rest'`) && /http:\/\/ only to a loopback address/.test(error.message));
  const other = file('other.yml', `endpoints:\n  kraken: { rest: "https://x.example", ws: "wss://x.example" }\n${instances}`);
  assert.throws(() => readFleetFile(other), (error: Error) => error.message.includes(other) && error.message.includes('kraken'));
});

test('an endpoints override may name the WS API of its own (wsApi), checked as the others', () => {
  const instances = 'instances:\n  - { name: a, symbol: BTCUSDT, timeframe: 1h }\n';
  const proxied = readFleetFile(file('ws-api.yml', `endpoints:\n  binance: { rest: "https://proxy.example:8443", ws: "wss://proxy.example:9443", wsApi: "wss://proxy.example:9444/ws-api/v3" }\n${instances}`));
  assert.deepEqual(proxied.endpoints?.binance, { rest: 'https://proxy.example:8443', ws: 'wss://proxy.example:9443', wsApi: 'wss://proxy.example:9444/ws-api/v3' });
  const plain = file('ws-api-plain.yml', `endpoints:\n  binance:\n    rest: "https://proxy.example:8443"\n    ws: "wss://proxy.example:9443"\n    wsApi: "ws://10.0.0.5:9444/ws-api/v3"\n${instances}`);
  assert.throws(() => readFleetFile(plain), (error: Error) => error.message.includes(`${plain}, line 5, field 'endpoints.binance.wsApi'`) && /ws:\/\/ only to a loopback address/.test(error.message));
  const loopback = readFleetFile(file('ws-api-local.yml', `endpoints:\n  binance: { rest: "http://127.0.0.1:9100", ws: "ws://127.0.0.1:9100", wsApi: "ws://localhost:9101/ws-api/v3" }\n${instances}`));
  assert.equal(loopback.endpoints?.binance?.wsApi, 'ws://localhost:9101/ws-api/v3');
  const query = file('ws-api-query.yml', `endpoints:\n  binance: { rest: "https://proxy.example:8443", ws: "wss://proxy.example:9443", wsApi: "wss://proxy.example/ws-api/v3?x=1" }\n${instances}`);
  assert.throws(() => readFleetFile(query), (error: Error) => error.message.includes("field 'endpoints.binance.wsApi'"));
});
