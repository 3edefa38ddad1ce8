// Reading the API's JSON without trusting its shape: a figure the API did not send (or sent under
// another of its names) is null and shows as a dash, never as a crash or a wrong zero.

/** The value as a record, or an empty one. */
export function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The value as an array, or the array under one of `keys` of a record, or []. */
export function list(value: unknown, ...keys: string[]): unknown[] {
  if (Array.isArray(value)) return value;
  const record = rec(value);
  for (const key of keys) if (Array.isArray(record[key])) return record[key] as unknown[];
  return [];
}

/** The first finite number under `keys` (numeric strings too), else null. */
export function numberOf(record: Record<string, unknown>, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = record[key];
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n)) return n;
  }
  return null;
}

/** The first non-empty string under `keys`, else ''. */
export function textOf(record: Record<string, unknown>, ...keys: string[]): string {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return '';
}

/** A time in UTC ms from epoch ms, epoch seconds or an ISO string under `keys`, else null. */
export function timeOf(record: Record<string, unknown>, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
    if (typeof value === 'string' && value !== '') {
      const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (Number.isFinite(parsed)) return parsed;
    }
  }
  return null;
}
