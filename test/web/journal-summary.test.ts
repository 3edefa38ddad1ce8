// The journal tail's lines: each kind's fields that matter, numbers rounded for display, never the raw JSON.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { short, summarize } from '../../src/web/journal-summary.ts';

test('a balance, fill, trade and candle read as short lines with rounded numbers', () => {
  assert.equal(summarize('balance', { cash: 8123.456789012345, position: 0.012345678901234, price: 64123.45, equity: 10023.456789012345, pnl: 23.456789012345, trades: 2, lastSignal: 'buy', riskState: 'active', candles: 12 }), 'equity 10,023.46 · P&L +23.46 · position 0.0123457 · signal buy · risk active');
  assert.equal(summarize('fill', { orderId: 'o1', side: 'sell', qty: 0.031234567890123, price: 3456.789012345678, fee: 0.107890123456789, time: 1, reason: 'signal' }), 'sell 0.0312346 @ 3,456.79 · fee 0.10789 · signal');
  assert.equal(summarize('trade', { side: 'long', qty: 0.5, entryPrice: 100.123456789, exitPrice: 110, pnl: -4.987654321, exitReason: 'stop-loss' }), 'long 0.5 · 100.123 → 110 · P&L -4.99 · stop-loss');
  assert.equal(summarize('candle', { time: 1, open: 0.51234567891, high: 0.52, low: 0.5, close: 0.515, volume: 123456.789 }), 'O 0.512346 · H 0.52 · L 0.5 · C 0.515 · vol 123,457');
  assert.equal(summarize('decision', { intent: null }), 'no action');
  assert.equal(summarize('stop', { reason: 'failed', candles: 3, error: 'store closed' }), 'failed · 3 candles · store closed');
});

test('a kind without its own summary lists its first scalar fields, nested ones flattened, never JSON', () => {
  const line = summarize('shutdown', { found: { orders: 2, position: 0.123456789123 }, action: 'adopted', ok: true, ids: ['a', 'b'], a: 1, b: 2, c: 3 });
  assert.equal(line, 'found.orders 2 · found.position 0.123457 · action adopted · ok yes · ids ×2 · a 1 · …');
  assert.ok(!/[{}"]/.test(line));
  assert.equal(summarize('feed', {}), '—');
  assert.equal(summarize('feed', { type: 'stale', reason: 'no candle close for 2001 ms (more than 2000 ms)', status: 'stale' }), 'stale: no candle close for 2001 ms (more than 2000 ms)');
  assert.equal(summarize('feed', { type: 'connected', reconnects: 12, status: 'live' }), 'connected · reconnect 12');
  assert.equal(short(1234567.891), '1,234,570');
});
