// Grid trading for sideways markets: levels in a price band, buy low / sell high per level.
// The band is given, or set around the first close seen (± band %).
import { GridBook } from './grid-book.ts';
import { num } from './params.ts';
import type { StrategyDefinition } from './strategy.ts';

export const grid: StrategyDefinition = {
  name: 'grid',
  description: 'buy each grid level on the way down, sell it one level up (for sideways markets)',
  params: [
    { name: 'levels', type: 'int', default: 10, min: 2, max: 200, description: 'number of grid levels' },
    { name: 'lower', type: 'float', default: 0, min: 0, description: 'band bottom (0 = first close - band %)' },
    { name: 'upper', type: 'float', default: 0, min: 0, description: 'band top (0 = first close + band %)' },
    { name: 'band', type: 'float', default: 10, min: 0.1, max: 90, description: 'half-width of the automatic band, in %' },
  ],
  validate(params) {
    const lower = num(params, 'lower');
    const upper = num(params, 'upper');
    if ((lower === 0) !== (upper === 0)) return 'give both lower and upper, or neither';
    return lower > 0 && lower >= upper ? `lower (${lower}) must be below upper (${upper})` : undefined;
  },
  create(params) {
    const levels = num(params, 'levels');
    let book: GridBook | undefined;
    return {
      onCandle(ctx) {
        const close = ctx.candle.close;
        if (book === undefined) {
          const band = num(params, 'band') / 100;
          const lower = num(params, 'lower') || close * (1 - band);
          const upper = num(params, 'upper') || close * (1 + band);
          book = new GridBook(lower, upper, levels);
        }
        return book.update(close, ctx.position);
      },
    };
  },
};
