// One log record as one line for a person at a terminal: time (UTC), level, instance and mode,
// message, then the other fields as key=value. The file keeps the JSON; this is only its view.

/** Fields shown in the line's head, or left out as noise on a terminal. */
const HEAD = new Set(['time', 'level', 'msg', 'instance', 'mode', 'pid', 'hostname']);

/**
 * `json` (one pino record, newline-terminated) as `2026-11-30 15:35:01.123 INFO  btc-4h/paper  msg
 * key=value …\n`. An `err` field shows as `err=Type: message`. A line that is not JSON is passed on.
 */
export function prettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof record['time'] === 'string' ? record['time'].replace('T', ' ').replace(/Z$/, '') : String(record['time'] ?? '');
  const level = String(record['level'] ?? '').toUpperCase().padEnd(5);
  const who = record['instance'] === undefined ? '' : `${String(record['instance'])}${record['mode'] === undefined ? '' : `/${String(record['mode'])}`}  `;
  const fields = Object.entries(record)
    .filter(([key]) => !HEAD.has(key))
    .map(([key, value]) => `${key}=${key === 'err' ? errorText(value) : fieldText(value)}`);
  return `${time} ${level} ${who}${String(record['msg'] ?? '')}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}\n`;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function errorText(value: unknown): string {
  if (typeof value !== 'object' || value === null) return fieldText(value);
  const { type, message } = value as { type?: unknown; message?: unknown };
  return JSON.stringify(`${String(type ?? 'Error')}: ${String(message ?? '')}`);
}
