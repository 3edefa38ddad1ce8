// SMA cross: long when the fast SMA crosses above the slow SMA, out on the opposite cross (cross.ts:
// a change of side, through a tie or not).
import { Sma } from '../indicators/index.ts';
import { CrossDetector } from './cross.ts';
import { crossDecision, crossIntents } from './cross-rules.ts';
import { fastBelowSlow, protectionParams } from './macd-cross.ts';
import { num } from './params.ts';
import type { StrategyDefinition } from './strategy.ts';

export const smaCross: StrategyDefinition = {
  name: 'sma-cross',
  description: 'fast SMA crossing the slow SMA (a change of side), with optional stop-loss/take-profit',
  params: [
    { name: 'fast', type: 'int', default: 10, min: 1, max: 500, description: 'fast SMA period' },
    { name: 'slow', type: 'int', default: 30, min: 2, max: 1000, description: 'slow SMA period' },
    ...protectionParams,
  ],
  validate: fastBelowSlow,
  create(params) {
    const fast = new Sma(num(params, 'fast'));
    const slow = new Sma(num(params, 'slow'));
    const cross = new CrossDetector();
    const intents = crossIntents({ stopLossPct: num(params, 'stopLoss'), takeProfitPct: num(params, 'takeProfit') });
    return {
      onCandle(ctx) {
        const close = ctx.candle.close;
        return crossDecision(cross.update(fast.update(close), slow.update(close)), ctx, intents);
      },
    };
  },
};
