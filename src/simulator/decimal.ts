// Exact decimals for the simulator's money: bigint counts of 1e-8, Binance's finest precision.
// Filters (price % tickSize, qty % stepSize) and balances must be exact; floats would let a
// valid order fail LOT_SIZE or a balance drift by dust.

export type Dec = bigint;

const SCALE_DIGITS = 8;
export const ONE: Dec = 100_000_000n;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses "12.345" into units of 1e-8; undefined when it is not a plain non-negative decimal or is too precise. */
export function parseDec(text: string): Dec | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > SCALE_DIGITS) return undefined;
  return BigInt(match[1]!) * ONE + BigInt(fraction.padEnd(SCALE_DIGITS, '0'));
}

/** "0.01000000": Binance writes every decimal with 8 places. */
export function formatDec(value: Dec): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / ONE;
  const fraction = (abs % ONE).toString().padStart(SCALE_DIGITS, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

export function decFromNumber(value: number): Dec {
  return BigInt(Math.round(value * 1e8));
}

/** a × b, truncated to 1e-8 (quantity × price → quote amount). */
export function mul(a: Dec, b: Dec): Dec {
  return (a * b) / ONE;
}

/** a ÷ b, truncated to 1e-8. */
export function div(a: Dec, b: Dec): Dec {
  return (a * ONE) / b;
}

/** Rounds down to a multiple of `step` (0 = no step). */
export function floorTo(value: Dec, step: Dec): Dec {
  return step === 0n ? value : (value / step) * step;
}

export function minDec(a: Dec, b: Dec): Dec {
  return a < b ? a : b;
}
