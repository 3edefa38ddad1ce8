// JSON has no Infinity or NaN: everything rampart writes as JSON turns them into null.

export function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
