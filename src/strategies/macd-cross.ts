// MACD cross: long when the MACD line crosses above its signal line, out (or short, where allowed)
// on the opposite cross (cross.ts: a change of side, through a tie or not); optional stop-loss /
// take-profit in percent.
import { InvariantError, isTie } from '../core/index.ts';
import { Ema, forEachMacd, Macd, MACD_MEMO_MAX_COLUMN, macdLines } from '../indicators/index.ts';
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
    // same periods (macdCrosses), with the same detection rule on the same values as the streaming
    // path below; live trading, which has no `prepare`, streams.
    let crosses: Int8Array | undefined;
    return {
      prepare(candles) {
        crosses = macdCrosses(candles.close, fast, slow, signal);
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

/**
 * The cross column of a whole run: what `CrossDetector.update(macd.value, macd.signal, close)`
 * returns after each candle when a streaming `Macd(fast, slow, signal)` is fed `close`, bit for bit
 * (1 up, -1 down, 0 none). The fast − slow line comes from the memo shared by every scenario of the
 * same periods (macdLines); the signal EMA and the detector run inline here, with no call per
 * candle: in a sweep this loop runs for every scenario, and it was a third of a scenario's time.
 */
export function macdCrosses(close: Float64Array, fast: number, slow: number, signal: number): Int8Array {
  if (close.length > MACD_MEMO_MAX_COLUMN) return streamedCrosses(close, fast, slow, signal);
  const { line, fed } = macdLines(close, fast, slow);
  const signalEma = new Ema(signal);
  const n = close.length;
  const crosses = new Int8Array(n);
  // `value`, `ready`: the MACD line and signal as Macd holds them, NaN until the signal is ready.
  let value = NaN;
  let ready = NaN;
  let i = 0;
  // Until then the detector sees NaN: no side, no cross.
  for (; i < n && Number.isNaN(ready); i++) {
    if (fed[i] === 1) {
      const s = signalEma.update(line[i]!);
      if (!Number.isNaN(s)) {
        value = line[i]!;
        ready = s;
      }
    }
  }
  if (Number.isNaN(ready)) return crosses;
  // From the candle the signal got ready on: CrossDetector's rule (a change of side, ties on no
  // side) on values that are never NaN again, since Macd keeps its last ready pair.
  let side = 0;
  for (let j = i - 1; j < n; j++) {
    if (j >= i && fed[j] === 1) {
      const s = signalEma.update(line[j]!);
      if (!Number.isNaN(s)) {
        value = line[j]!;
        ready = s;
      }
    }
    if (isTie(value, ready, close[j]!)) continue;
    const now = value > ready ? 1 : -1;
    if (side !== 0 && side !== now) crosses[j] = now;
    side = now;
  }
  return crosses;
}

/**
 * One long run (a column too long to memoise): nothing is shared, so the streaming indicator is
 * fed directly, without the line and flag columns macdLines would write and read back (measured:
 * a fifth faster over a million candles).
 */
function streamedCrosses(close: Float64Array, fast: number, slow: number, signal: number): Int8Array {
  const crosses = new Int8Array(close.length);
  const detector = new CrossDetector();
  forEachMacd(close, fast, slow, signal, (i, line, signalLine) => {
    crosses[i] = detector.update(line, signalLine, close[i]!);
  });
  return crosses;
}
