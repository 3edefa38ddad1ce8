// Where an instance's venue answers: Binance's own endpoints, or the fleet file's override of them,
// whose WebSocket API (the user data stream's subscription) is its `wsApi` or else `<ws>/ws-api/v3`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../src/core/index.ts';
import { venueEndpoints, wsApiUrl } from '../../src/live/venue-endpoints.ts';

const AT = { file: 'fleet.yml', field: 'venue' };

test('without an override a Binance venue answers at its own endpoints, its WS API on a host of its own', () => {
  const own = venueEndpoints('binance', undefined, AT);
  assert.equal(own.restUrl, 'https://api.binance.com');
  assert.equal(wsApiUrl(own), 'wss://ws-api.binance.com:443/ws-api/v3');
  assert.equal(own.overridden, undefined);
});

test('an override with wsApi subscribes the user stream there, trailing slashes dropped; without it, at <ws>/ws-api/v3', () => {
  const rest = 'https://proxy.example:8443/';
  const ws = 'wss://proxy.example:9443/';
  const proxied = venueEndpoints('binance', undefined, AT, { binance: { rest, ws, wsApi: 'wss://proxy.example:9444/ws-api/v3/' } });
  assert.deepEqual(proxied, { restUrl: 'https://proxy.example:8443', wsUrl: 'wss://proxy.example:9443', wsApiUrl: 'wss://proxy.example:9444/ws-api/v3', overridden: true });
  assert.equal(wsApiUrl(proxied), 'wss://proxy.example:9444/ws-api/v3');
  assert.equal(wsApiUrl(venueEndpoints('binance', undefined, AT, { binance: { rest, ws } })), 'wss://proxy.example:9443/ws-api/v3');
  assert.equal(wsApiUrl(venueEndpoints('binance-testnet', undefined, AT, { binance: { rest, ws, wsApi: 'wss://proxy.example:9444/ws-api/v3' } })), 'wss://ws-api.testnet.binance.vision/ws-api/v3', 'an override names its venue only');
});

test('the simulator is its own endpoints, and must be running', () => {
  assert.equal(wsApiUrl(venueEndpoints('simulator', { restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' }, AT)), 'ws://127.0.0.1:9/ws-api/v3');
  assert.throws(() => venueEndpoints('simulator', undefined, AT), ConfigError);
});
