// Dates in sweep configs: ISO-8601 or epoch milliseconds, numbers taken as epoch ms.
import { InputError, parseUtcDate } from '../../core/index.ts';

export function parseDate(value: string | number, field: string): number {
  const ms = typeof value === 'number' ? value : parseUtcDate(value);
  if (Number.isNaN(ms)) throw new InputError(`'${value}' is not an ISO date or epoch ms`, { field });
  return ms;
}
