// The live fleet table on a terminal: redrawn in place, never wider than the terminal (a wrapped
// line would break the redraw), and started afresh below anything printed in between.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FleetTable, fleetTableLines } from '../../src/cli/fleet-table.ts';
import type { InstanceStatus } from '../../src/live/index.ts';

const row: InstanceStatus = {
  instance: 'conservative',
  mode: 'paper',
  symbol: 'BTCUSDT',
  timeframe: '4h',
  state: 'running',
  position: 0.01234,
  equity: 10_123.45,
  pnl: 123.45,
  trades: 7,
  lastSignal: 'enter long',
  riskState: 'halted',
  riskReason: 'kill switch: drill from rampart kill',
  candles: 42,
  lastCandleTime: Date.UTC(2025, 0, 2, 4),
  feed: 'live',
  refusals: 0,
  lastRefusal: null,
};

function terminal(columns: number) {
  const writes: string[] = [];
  const out = { isTTY: true, columns, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
  return { out, writes };
}

test('on an 80-column terminal every line fits, so a redraw moves up exactly over the last drawing', () => {
  const { out, writes } = terminal(80);
  const table = new FleetTable(out);
  table.draw([row, { ...row, instance: 'aggressive' }]);
  table.draw([row, { ...row, instance: 'aggressive' }]);
  const first = writes[0]!.split('\n').filter((line) => line !== '');
  assert.ok(first.every((line) => line.length < 80), first.join('\n'));
  assert.ok(writes[1]!.startsWith(`\x1b[${first.length}A\x1b[J`));
});

test('after something else is printed, the next drawing starts below it', () => {
  const { out, writes } = terminal(200);
  const table = new FleetTable(out);
  table.draw([row]);
  table.release();
  table.draw([row]);
  assert.ok(!writes[1]!.includes('\x1b['));
});

test('the refused column counts the refusals with the last one\'s code; a stopped instance\'s feed says stopped', () => {
  const [header, refusing, quiet] = fleetTableLines([{ ...row, refusals: 12, lastRefusal: 'POSITION_LIMIT', state: 'stopped', feed: 'stopped' }, row]);
  assert.match(header!, /\brefused\b/);
  assert.match(refusing!, /12 \(last POSITION_LIMIT\)/);
  assert.match(refusing!, /stopped$/);
  const at = header!.indexOf('refused');
  assert.equal(quiet!.slice(at).split(/\s+/)[0], '0');
});
