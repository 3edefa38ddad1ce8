// The order state machine: every (status × event) pair against the table, and the bookkeeping
// of fills (duplicates ignored, averages and fees).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IllegalTransition, isFinal, nextStatus, OrderLifecycle } from '../../src/execution/index.ts';
import type { OrderEvent, OrderEventType, OrderStatus } from '../../src/execution/index.ts';

const STATUSES: OrderStatus[] = ['pending', 'open', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired'];
const EVENTS: OrderEventType[] = ['accepted', 'rejected', 'partiallyFilled', 'filled', 'canceled', 'expired'];

// The expected table, written out independently of the implementation's.
const LEGAL: Record<OrderStatus, Partial<Record<OrderEventType, OrderStatus>>> = {
  pending: { accepted: 'open', rejected: 'rejected', partiallyFilled: 'partially_filled', filled: 'filled', canceled: 'canceled', expired: 'expired' },
  open: { accepted: 'open', partiallyFilled: 'partially_filled', filled: 'filled', canceled: 'canceled', expired: 'expired' },
  partially_filled: { partiallyFilled: 'partially_filled', filled: 'filled', canceled: 'canceled', expired: 'expired' },
  canceled: { partiallyFilled: 'canceled', filled: 'filled' },
  expired: { partiallyFilled: 'expired' },
  filled: {},
  rejected: {},
};

let trade = 0;
function eventOf(type: OrderEventType): OrderEvent {
  switch (type) {
    case 'accepted':
      return { type, venueId: '42', time: 1 };
    case 'rejected':
      return { type, reason: 'no', time: 1 };
    case 'partiallyFilled':
    case 'filled':
      return { type, fill: { tradeId: String(++trade), price: 100, amount: 0.1, fee: 0.0001, feeCurrency: 'BTC', time: 1 } };
    default:
      return { type, time: 1 };
  }
}

function at(status: OrderStatus): OrderLifecycle {
  const order = new OrderLifecycle(1);
  order.status = status;
  return order;
}

describe('order state machine', () => {
  for (const status of STATUSES) {
    for (const event of EVENTS) {
      const expected = LEGAL[status][event];
      test(`${event} in ${status} ${expected === undefined ? 'is refused' : `→ ${expected}`}`, () => {
        assert.equal(nextStatus(status, event), expected);
        const order = at(status);
        if (expected === undefined) {
          assert.throws(() => order.apply(eventOf(event)), IllegalTransition);
          assert.equal(order.status, status, 'a refused event changes nothing');
        } else {
          assert.equal(order.apply(eventOf(event)), true);
          assert.equal(order.status, expected);
        }
      });
    }
  }

  test('final statuses are exactly those with no way out except late fills', () => {
    assert.deepEqual(STATUSES.filter(isFinal), ['filled', 'canceled', 'rejected', 'expired']);
  });

  test('a fill reported twice counts once; averages and fees come from the fills', () => {
    const order = new OrderLifecycle(1);
    order.apply({ type: 'accepted', venueId: '7', time: 1 });
    const fill = { tradeId: 't1', price: 100, amount: 0.4, fee: 0.04, feeCurrency: 'USDT', time: 2 };
    assert.equal(order.apply({ type: 'partiallyFilled', fill }), true);
    assert.equal(order.apply({ type: 'partiallyFilled', fill }), false);
    order.apply({ type: 'filled', fill: { tradeId: 't2', price: 110, amount: 0.6, fee: 0.066, feeCurrency: 'USDT', time: 3 } });
    assert.equal(order.status, 'filled');
    assert.equal(order.filled, 1);
    assert.equal(order.average.toFixed(8), '106.00000000');
    assert.equal(order.fees.get('USDT')!.toFixed(8), '0.10600000');
    assert.equal(order.remaining, 0);
    assert.equal(order.venueId, '7');
  });
});
