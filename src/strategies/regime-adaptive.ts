// Regime-adaptive: ADX decides trend vs range (with hysteresis so the regime does not flicker);
// trend → MACD cross rules, range → a grid of ± atrBand ATRs around the price where the range began.
// A position opened under one regime is closed when the regime changes, so each regime's rules
// only manage their own positions.
import type { Intent } from '../core/index.ts';
import { Adx, Atr, Macd } from '../indicators/index.ts';
import { CrossDetector } from './cross.ts';
import { crossDecision, crossIntents } from './cross-rules.ts';
import { GridBook } from './grid-book.ts';
import { fastBelowSlow, macdParams, protectionParams } from './macd-cross.ts';
import { num } from './params.ts';
import type { StrategyDefinition } from './strategy.ts';

const EXIT: Intent = Object.freeze({ type: 'exit' });
/** ADX must fall this far below the threshold to leave the trend regime. */
const HYSTERESIS = 5;

export const regimeAdaptive: StrategyDefinition = {
  name: 'regime-adaptive',
  description: 'ADX/ATR regime switch: MACD cross rules in trends, grid rules in ranges',
  params: [
    ...macdParams,
    { name: 'adxPeriod', type: 'int', default: 14, min: 2, max: 200, description: 'ADX period' },
    { name: 'adxThreshold', type: 'float', default: 25, min: 5, max: 80, description: 'ADX at or above this = trend' },
    { name: 'atrPeriod', type: 'int', default: 14, min: 1, max: 200, description: 'ATR period for the grid band' },
    { name: 'atrBand', type: 'float', default: 3, min: 0.5, max: 20, description: 'grid half-width in ATRs' },
    { name: 'levels', type: 'int', default: 6, min: 2, max: 100, description: 'grid levels in the range regime' },
    ...protectionParams,
  ],
  validate: fastBelowSlow,
  create(params) {
    const macd = new Macd(num(params, 'fast'), num(params, 'slow'), num(params, 'signal'));
    const adx = new Adx(num(params, 'adxPeriod'));
    const atr = new Atr(num(params, 'atrPeriod'));
    const cross = new CrossDetector();
    const intents = crossIntents({ stopLossPct: num(params, 'stopLoss'), takeProfitPct: num(params, 'takeProfit') });
    const threshold = num(params, 'adxThreshold');
    const atrBand = num(params, 'atrBand');
    const levels = num(params, 'levels');
    let trending: boolean | undefined;
    let book: GridBook | undefined;
    return {
      onCandle(ctx) {
        const candle = ctx.candle;
        macd.update(candle.close);
        const strength = adx.update(candle);
        const range = atr.update(candle);
        const crossed = cross.update(macd.value, macd.signal, candle.close);
        if (Number.isNaN(strength) || Number.isNaN(range)) return null;
        const nowTrending = trending === true ? strength >= threshold - HYSTERESIS : strength >= threshold;
        if (nowTrending !== trending) {
          const switched = trending !== undefined;
          trending = nowTrending;
          book = nowTrending ? undefined : new GridBook(candle.close - atrBand * range, candle.close + atrBand * range, levels);
          if (switched && ctx.position !== 0) return EXIT;
        }
        if (book !== undefined) return book.update(candle.close, ctx.position);
        return crossDecision(crossed, ctx, intents);
      },
    };
  },
};
