// Argument checks shared by every indicator: periods are positive integers.
import { InputError } from '../core/index.ts';

export function checkPeriod(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InputError(`indicator parameter '${name}' must be an integer >= ${min}, got ${value}`);
  }
  return value;
}
