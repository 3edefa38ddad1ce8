// The gated venue: while its gate gives a reason, the orders it judges are refused with that reason
// and never reach the venue behind it; the rest pass, as cancels do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedClock } from '../../src/core/index.ts';
import type { ApprovedOrder, VenueOrder } from '../../src/engine/index.ts';
import { ShadowVenue } from '../../src/live/index.ts';
import { GatedVenue } from '../../src/live/gated-venue.ts';

const order = (id: number, role: VenueOrder['role']): ApprovedOrder => ({ id, side: 'buy', type: 'market', role, quantity: { kind: 'size', fraction: 1 } }) as ApprovedOrder;

test('a closed gate refuses the orders it names, with its reason; the others reach the inner venue', () => {
  let closed = true;
  const inner = new ShadowVenue();
  const venue = new GatedVenue(inner, (o) => (closed && o.role === 'entry' ? 'caught up on' : undefined), new SimulatedClock(42));
  const refused: [number, string, number][] = [];
  const canceled: number[] = [];
  venue.listen({ onFill: () => assert.fail('nothing fills'), onRejected: (o, reason, time) => refused.push([o.id, reason, time]), onCanceled: (o) => canceled.push(o.id) });
  venue.submit(order(1, 'entry'));
  venue.submit(order(2, 'stop-loss'));
  closed = false;
  venue.submit(order(3, 'entry'));
  assert.deepEqual(refused, [[1, 'caught up on', 42]]);
  // Only what passed is held by the inner venue: cancelling shows which.
  for (const id of [1, 2, 3]) venue.cancel(id);
  assert.deepEqual(canceled, [2, 3]);
});
