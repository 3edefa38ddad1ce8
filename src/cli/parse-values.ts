// Parsing of flag values into typed values, each failure naming the flag.
import { InputError, parseUtcDate } from '../core/index.ts';

export function parseNumberFlag(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new InputError(`--${flag} must be a number, got '${raw}'`);
  return value;
}

/** A UTC date: ISO-8601 (`2025-01-01`, `2025-01-01T12:00Z`) or epoch milliseconds. */
export function parseDateFlag(flag: string, raw: string): number {
  const ms = parseUtcDate(raw);
  if (Number.isNaN(ms)) {
    throw new InputError(`--${flag} must be an ISO-8601 date (2025-01-31, 2025-01-31T10:00, UTC unless an offset such as +02:00 is given) or epoch ms, got '${raw}'`);
  }
  return ms;
}

/**
 * Strategy parameters arrive as unknown flags: `--fast 30`, `--fast=30`, or `--flag` alone for
 * a boolean true.
 */
export function parseParamFlags(tokens: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.startsWith('--')) throw new InputError(`unexpected argument '${token}'`);
    const body = token.slice(2);
    const eq = body.indexOf('=');
    if (eq > 0) {
      params[body.slice(0, eq)] = body.slice(eq + 1);
      continue;
    }
    const next = tokens[i + 1];
    if (next === undefined || (next.startsWith('--') && Number.isNaN(Number(next)))) {
      params[body] = 'true';
    } else {
      params[body] = next;
      i++;
    }
  }
  return params;
}

/** A comma-separated list (`BTCUSDT, ETHUSDT`), trimmed, empty items dropped. */
export function parseListFlag(raw: string): string[] {
  return raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
}
