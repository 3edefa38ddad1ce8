// An example strategy file: long while the close is above its EMA.
// Run it: npx rampart backtest --symbol BTCUSDT --timeframe 4h --strategy examples/ema-trend.ts --period 50
import { Ema } from 'rampart/indicators';
import type { StrategyDefinition } from 'rampart/strategies';

export default {
  name: 'ema-trend',
  description: 'long while the close is above its EMA',
  params: [{ name: 'period', type: 'int', default: 50, min: 2, description: 'EMA period' }],
  create(params) {
    const ema = new Ema(Number(params['period']));
    return {
      onCandle({ candle, position }) {
        const value = ema.update(candle.close);
        if (candle.close > value && position === 0) return { type: 'enter', side: 'long' };
        if (candle.close < value && position > 0) return { type: 'exit' };
        return null;
      },
    };
  },
} satisfies StrategyDefinition;
