// Fees and slippage as users write them: a fraction (`0.001`) or a percentage (`0.1%`). A bare
// number above 1% is refused: `--fee 0.1` is far more often "0.1 percent" than a 10% fee, and it
// would run silently at a hundred times the intended cost. The percent form says what it means,
// so `10%` is accepted as written.
import { InputError } from './errors.ts';
import type { InputLocation } from './errors.ts';

/** Above this, a bare fraction is taken for a percentage written without its `%`. */
export const PLAUSIBLE_RATE = 0.01;

/**
 * A rate as a fraction of notional (or of price, for slippage): `0.001` and `'0.1%'` both give
 * 0.001. `name` is how the user wrote the setting (`--fee`, `fee`) and `location` where (file,
 * line), for the message. Throws InputError for a non-number, a negative rate, or a bare fraction
 * above PLAUSIBLE_RATE.
 */
export function parseRate(raw: string | number, name: string, location: InputLocation = {}): number {
  const text = String(raw).trim();
  const percent = text.endsWith('%');
  const number = Number(percent ? text.slice(0, -1).trim() : text);
  if (text === '' || text === '%' || !Number.isFinite(number)) {
    throw new InputError(`${name} must be a fraction (0.001) or a percentage (0.1%), got '${text}'`, location);
  }
  if (number < 0) throw new InputError(`${name} cannot be negative, got '${text}'`, location);
  if (percent) return number / 100;
  if (number > PLAUSIBLE_RATE) {
    const asPercent = `${+(number * 100).toPrecision(12)}%`;
    throw new InputError(`${name} ${text} is ${asPercent} per side; write ${text}% if you meant ${text} percent, or ${asPercent} if you mean it`, location);
  }
  return number;
}
