// The kernel's contract with its venue: approved intents become orders, every fill feeds the
// portfolio, an entry fill places its stop-loss and take-profit as venue orders, and a flat
// position cancels them. A recording wrapper around the simulated venue shows what crosses the port.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Portfolio, SimulatedVenue, TradingKernel } from '../../src/engine/index.ts';
import type { Venue, VenueListener, VenueOrder } from '../../src/engine/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import { HOUR, plainConfig, scripted, T0 } from '../fixtures/backtest.ts';
import type { Candle, Intent } from '../../src/core/index.ts';

class RecordingVenue implements Venue {
  readonly log: string[] = [];
  constructor(private readonly inner: SimulatedVenue) {}
  listen(listener: VenueListener): void {
    this.inner.listen({
      onFill: (fill) => {
        this.log.push(`fill ${fill.order.role} ${fill.side} ${fill.qty}@${fill.price} ${fill.reason}`);
        listener.onFill(fill);
      },
      onRejected: (order, reason, time) => {
        this.log.push(`rejected ${order.role}: ${reason}`);
        listener.onRejected(order, reason, time);
      },
      onCanceled: (order) => {
        this.log.push(`canceled ${order.role}`);
        listener.onCanceled(order);
      },
    });
  }
  submit(order: VenueOrder): void {
    this.log.push(`submit ${order.role} ${order.type} ${order.side}${order.price === undefined ? '' : ` @${order.price}`}`);
    this.inner.submit(order);
  }
  cancel(orderId: number): void {
    this.log.push(`cancel #${orderId}`);
    this.inner.cancel(orderId);
  }
  onCandle(candle: Candle): void {
    this.inner.onCandle(candle);
  }
}

function kernelWith(script: Record<number, Intent>) {
  const config = plainConfig();
  const portfolio = new Portfolio(config.cash);
  const venue = new RecordingVenue(new SimulatedVenue(config, portfolio));
  const risk = new RiskEngine({ allowShort: false, maxTradesPerDay: Infinity });
  const kernel = new TradingKernel({ strategy: scripted(script), venue, portfolio, risk, tickSize: 0, allowShort: false });
  return { kernel, venue, portfolio };
}

test('an entry becomes a market order; its fill places a stop-loss and a take-profit at the venue', () => {
  const { kernel, venue, portfolio } = kernelWith({ 0: { type: 'enter', side: 'long', stopLossPct: 10, takeProfitPct: 20 } });
  kernel.onCandle(T0, 100, 101, 99, 100, 1);
  kernel.onCandle(T0 + HOUR, 100, 105, 95, 102, 1);
  assert.deepEqual(venue.log, ['submit entry market buy', 'fill entry buy 10@100 signal', 'submit stop-loss stop sell @90', 'submit take-profit limit sell @120']);
  assert.equal(portfolio.position, 10);
  assert.equal(portfolio.cash, 0);
});

test('the stop fills at the venue; the take-profit is cancelled, since nothing is left to protect', () => {
  const { kernel, venue, portfolio } = kernelWith({ 0: { type: 'enter', side: 'long', stopLossPct: 10, takeProfitPct: 20 } });
  kernel.onCandle(T0, 100, 101, 99, 100, 1);
  kernel.onCandle(T0 + HOUR, 100, 105, 95, 102, 1);
  kernel.onCandle(T0 + 2 * HOUR, 95, 96, 85, 88, 1);
  assert.deepEqual(venue.log.slice(4), ['fill stop-loss sell 10@90 stop-loss', 'cancel #3', 'canceled take-profit']);
  assert.equal(portfolio.position, 0);
  assert.equal(portfolio.trades[0]?.exitReason, 'stop-loss');
});

test('a signal exit that flattens cancels both protective orders', () => {
  const { kernel, venue } = kernelWith({ 0: { type: 'enter', side: 'long', stopLossPct: 10, takeProfitPct: 20 }, 1: { type: 'exit' } });
  kernel.onCandle(T0, 100, 101, 99, 100, 1);
  kernel.onCandle(T0 + HOUR, 100, 105, 95, 102, 1);
  kernel.onCandle(T0 + 2 * HOUR, 103, 104, 101, 103, 1);
  assert.deepEqual(venue.log.slice(4), ['submit exit market sell', 'fill exit sell 10@103 signal', 'cancel #2', 'canceled stop-loss', 'cancel #3', 'canceled take-profit']);
});

test('an intent the risk engine refuses never reaches the venue and is recorded', () => {
  const { kernel, venue, portfolio } = kernelWith({ 0: { type: 'enter', side: 'short' } });
  kernel.onCandle(T0, 100, 101, 99, 100, 1);
  assert.deepEqual(venue.log, []);
  assert.equal(portfolio.rejectedCount, 1);
  assert.match(portfolio.rejections[0]!.reason, /short selling is not allowed on spot/);
});

test("the operator's kill cancels the working order and keeps the protective pair, which still closes the position", () => {
  const { kernel, venue, portfolio } = kernelWith({ 0: { type: 'enter', side: 'long', stopLossPct: 10, takeProfitPct: 20 }, 1: { type: 'exit', limitPrice: 110 } });
  kernel.onCandle(T0, 100, 101, 99, 100, 1);
  kernel.onCandle(T0 + HOUR, 100, 105, 95, 102, 1);
  assert.equal(venue.log.at(-1), 'submit exit limit sell @110', 'the exit rests at its limit');
  assert.deepEqual(kernel.cancelWorking(), [4]);
  assert.deepEqual(venue.log.slice(-2), ['cancel #4', 'canceled exit']);
  assert.deepEqual(kernel.cancelWorking(), [], 'nothing is left to cancel');
  kernel.onCandle(T0 + 2 * HOUR, 100, 115, 99, 112, 1);
  assert.equal(portfolio.position, 10, 'the cancelled exit did not fill at 110');
  kernel.onCandle(T0 + 3 * HOUR, 95, 96, 85, 88, 1);
  assert.equal(portfolio.position, 0);
  assert.equal(portfolio.trades[0]?.exitReason, 'stop-loss', 'the stop-loss stayed and closed the position');
});
