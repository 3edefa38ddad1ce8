// The starter strategy file `rampart strategies new NAME` writes: it runs as it is, and its
// comments say what each part is for, so a new user edits a working file instead of a blank one.

/** Strategy names: a letter, then letters, digits, '-' or '_' (the file is NAME.ts); up to 64. */
export const STRATEGY_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** The text of NAME.ts; `name` must match STRATEGY_NAME. */
export function starterStrategy(name: string): string {
  return `// ${name}: a starter strategy — long while the fast EMA is above the slow one.
//   npx rampart backtest --strategy ${name}.ts --symbol BTCUSDT --timeframe 4h
//   npx rampart backtest --strategy ${name}.ts --symbol BTCUSDT --timeframe 4h --fast 8 --slow 40
//   npx rampart sweep --strategy ${name}.ts --symbols BTCUSDT --timeframes 4h --fast 5..30:5 --slow 30..90:15
//   npx rampart strategies ${name}.ts          (its parameters)
// 'rampart/indicators' has streaming indicators (Sma, Ema, Wma, Rsi, Macd, Atr, BBands, Adx, Stoch, …);
// 'rampart/strategies' the types. Both resolve wherever this file lives.
import { Ema } from 'rampart/indicators';
import type { StrategyDefinition } from 'rampart/strategies';

export default {
  name: '${name}',
  description: 'long while the fast EMA is above the slow EMA',
  // Each parameter becomes a flag (--fast 8) and a sweep range (--fast 5..30:5); values arrive in
  // create(params) as numbers (int, float) or booleans (bool).
  params: [
    { name: 'fast', type: 'int', default: 12, min: 2, description: 'fast EMA period (candles)' },
    { name: 'slow', type: 'int', default: 26, min: 3, description: 'slow EMA period (candles)' },
    { name: 'stopLoss', type: 'float', default: 0, min: 0, description: 'stop-loss below the entry, in % (0 = none)' },
  ],
  // Rules across parameters: a message refuses the set (a sweep skips such sets).
  validate: (params) => (Number(params['fast']) < Number(params['slow']) ? undefined : 'fast must be below slow'),
  // Called once per run: keep indicators and other state in here, not at the top of the file
  // (a sweep runs many parameter sets through one loaded module).
  create(params) {
    const fast = new Ema(Number(params['fast']));
    const slow = new Ema(Number(params['slow']));
    const stopLossPct = Number(params['stopLoss']);
    return {
      // Called after every closed candle, oldest first; sees that candle and the past, never the
      // future. ctx: candle {time, open, high, low, close, volume}, index, position (base
      // quantity, < 0 short), entryPrice, allowShort. Return null, or an intent:
      //   { type: 'enter', side: 'long' | 'short', fraction?, limitPrice?, stopLossPct?, takeProfitPct? }
      //   { type: 'exit', fraction?, limitPrice? }
      // A market intent fills at the next candle's open (--fill close: at this close). Shorts need
      // --allow-short. A misspelt side or field stops the run with a message.
      onCandle({ candle, position }) {
        const fastValue = fast.update(candle.close);
        const slowValue = slow.update(candle.close);
        if (Number.isNaN(slowValue)) return null; // still warming up
        if (fastValue > slowValue && position === 0) return { type: 'enter', side: 'long', stopLossPct };
        if (fastValue < slowValue && position > 0) return { type: 'exit' };
        return null;
      },
    };
  },
} satisfies StrategyDefinition;
`;
}
