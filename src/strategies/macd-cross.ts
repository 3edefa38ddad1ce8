// MACD cross: long when the MACD line crosses above its signal line, out (or short, where allowed)
// on the opposite cross (cross.ts: a change of side, through a tie or not); optional stop-loss /
// take-profit in percent.
import { InvariantError } from '../core/index.ts';
import { forEachMacd, Macd } from '../indicators/index.ts';
import { CrossDetector } from './cross.ts';
import type { CrossDirection } from './cross.ts';
import { crossDecision, crossIntents } from './cross-rules.ts';
import { num } from './params.ts';
import type { Params, ParamSpec, StrategyDefinition } from './strategy.ts';

export const protectionParams: readonly ParamSpec[] = [
  { name: 'stopLoss', type: 'float', default: 0, min: 0, max: 99, description: 'stop-loss in % below entry (0 = none)' },
  { name: 'takeProfit', type: 'float', default: 0, min: 0, max: 1000, description: 'take-profit in % above entry (0 = none)' },
];

export const macdParams: readonly ParamSpec[] = [
  { name: 'fast', type: 'int', default: 12, min: 1, max: 500, description: 'MACD fast EMA period' },
  { name: 'slow', type: 'int', default: 26, min: 2, max: 1000, description: 'MACD slow EMA period' },
  { name: 'signal', type: 'int', default: 9, min: 1, max: 500, description: 'MACD signal EMA period' },
];

export function fastBelowSlow(params: Params): string | undefined {
  return num(params, 'fast') < num(params, 'slow') ? undefined : `fast (${num(params, 'fast')}) must be below slow (${num(params, 'slow')})`;
}

export const macdCross: StrategyDefinition = {
  name: 'macd-cross',
  description: 'MACD line crossing its signal line (a change of side), with optional stop-loss/take-profit',
  params: [...macdParams, ...protectionParams],
  validate: fastBelowSlow,
  create(params) {
    const fast = num(params, 'fast');
    const slow = num(params, 'slow');
    const signal = num(params, 'signal');
    const macd = new Macd(fast, slow, signal);
    const cross = new CrossDetector();
    const intents = crossIntents({ stopLossPct: num(params, 'stopLoss'), takeProfitPct: num(params, 'takeProfit') });
    // A backtest hands over its candles first: the crosses of the whole run are then worked out
    // in one pass over columns whose fast − slow line is shared with every other scenario of the
    // same periods (forEachMacd), with the same detector fed the same values as the streaming
    // path below; live trading, which has no `prepare`, streams.
    let crosses: Int8Array | undefined;
    return {
      prepare(candles) {
        const column = new Int8Array(candles.length);
        const detector = new CrossDetector();
        const close = candles.close;
        forEachMacd(close, fast, slow, signal, (i, line, signalLine) => {
          column[i] = detector.update(line, signalLine, close[i]!);
        });
        crosses = column;
      },
      onCandle(ctx) {
        if (crosses === undefined) {
          macd.update(ctx.candle.close);
          return crossDecision(cross.update(macd.value, macd.signal, ctx.candle.close), ctx, intents);
        }
        if (ctx.index >= crosses.length) throw new InvariantError(`macd-cross was prepared for ${crosses.length} candles and then given candle ${ctx.index}`);
        return crossDecision(crosses[ctx.index] as CrossDirection, ctx, intents);
      },
    };
  },
};
