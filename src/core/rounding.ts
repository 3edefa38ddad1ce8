// Rounding to a market's grid (LOT_SIZE stepSize, PRICE_FILTER tickSize): numbers for the
// backtest's broker, decimal strings for anything sent to an exchange (the order manager rounds
// every order there, once, and the adapters send those strings unchanged).
import { InputError } from './errors.ts';

/** Rounds a quantity down to the lot step (0 = no step). A tiny epsilon absorbs float noise like 2.9999999999. */
export function roundDownToStep(qty: number, step: number): number {
  if (step <= 0) return qty;
  const units = Math.floor(qty / step + 1e-9);
  // units / 10^d is the double nearest the decimal quantity (3 × 0.1 would give 0.30000000000000004).
  const scale = decimalScale(step);
  return Math.round(units * step * scale) / scale;
}

/** Which way an off-grid value goes: quantities and buy prices down, sell prices up (never worse for us). */
export type RoundDirection = 'down' | 'up';

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/**
 * `value` on the grid of `step` as a plain decimal string with the step's decimals ("0.00120" for
 * step 0.00001), the form Binance accepts (`^([0-9]{1,20})(\.[0-9]{1,20})?$`). Exact for a
 * decimal string; a number is read with an epsilon of 1e-9 steps so float noise does not cost a
 * step. Step 0 leaves the value as it is. Throws InputError for a negative, non-finite or
 * unreadable value.
 */
export function toStepString(value: string | number, step: number, direction: RoundDirection): string {
  const digits = Math.round(Math.log10(decimalScale(step > 0 ? step : 1)));
  const scale = 10n ** BigInt(digits);
  const stepUnits = BigInt(Math.round(step * 10 ** digits));
  const match = typeof value === 'string' ? PLAIN_DECIMAL.exec(value) : null;
  let units: bigint;
  let inexact: boolean;
  if (match !== null) {
    const fraction = match[2] ?? '';
    units = BigInt(match[1]!) * scale + BigInt(fraction.slice(0, digits).padEnd(digits, '0') || '0');
    inexact = /[1-9]/.test(fraction.slice(digits));
  } else {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InputError(`not a quantity or price: ${String(value)}`);
    if (step <= 0) return plainDecimal(n);
    const steps = direction === 'down' ? Math.floor(n / step + 1e-9) : Math.ceil(n / step - 1e-9);
    return formatUnits(BigInt(steps) * stepUnits, digits);
  }
  if (step <= 0) return value as string;
  const remainder = units % stepUnits;
  const down = units - remainder;
  return formatUnits(direction === 'up' && (remainder > 0n || inexact) ? down + stepUnits : down, digits);
}

function formatUnits(units: bigint, digits: number): string {
  if (digits === 0) return units.toString();
  const text = units.toString().padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** A number in plain decimal notation (String(1e-7) would be "1e-7"). */
function plainDecimal(n: number): string {
  // ICU writes the shortest digits that read back as n, without an exponent.
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

let lastStep = NaN;
let lastScale = 1;

/** 10^(decimals of the step); cached, since a run uses one step throughout. */
function decimalScale(step: number): number {
  if (step === lastStep) return lastScale;
  let scale = 1;
  while (scale < 1e15 && Math.abs(Math.round(step * scale) - step * scale) > 1e-9 * step * scale) scale *= 10;
  lastStep = step;
  lastScale = scale;
  return scale;
}
