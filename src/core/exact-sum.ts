// Exact sums of decimal quantities carried as numbers. A venue's executed quantity and its trades
// are decimals ("0.00123"); adding a thousand of them as floats drifts in the last digits, and
// "the fills add up to the executed quantity" must be a comparison, not a tolerance.

const NUMBER = /^(-?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** A number as integer digits × 10^-scale, from its shortest round-trip text (what JSON wrote). */
function decimalParts(x: number): { digits: bigint; scale: number } {
  const match = NUMBER.exec(String(x));
  if (match === null) throw new RangeError(`not a finite number: ${x}`);
  const fraction = match[3] ?? '';
  const scale = fraction.length - Number(match[4] ?? 0);
  const digits = BigInt(`${match[1]}${match[2]}${fraction}`);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * The exact decimal sum of the values (each read as the decimal its shortest text shows), as the
 * number nearest to it: 0.1 + 0.2 is 0.3 here.
 * @throws RangeError for NaN or an infinity
 */
export function exactSum(values: readonly number[]): number {
  const parts = values.map(decimalParts);
  const scale = Math.max(0, ...parts.map((p) => p.scale));
  const total = parts.reduce((sum, p) => sum + p.digits * 10n ** BigInt(scale - p.scale), 0n);
  const negative = total < 0n;
  const text = (negative ? -total : total).toString().padStart(scale + 1, '0');
  return Number(`${negative ? '-' : ''}${text.slice(0, text.length - scale)}.${text.slice(text.length - scale) || '0'}`);
}

/** a − b, exactly in decimal (see exactSum). */
export function exactDifference(a: number, b: number): number {
  return exactSum([a, -b]);
}
