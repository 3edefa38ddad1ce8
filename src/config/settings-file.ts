// A settings file (sweep, deployment) read into plain data for a schema: rates written `0.1%`
// become fractions, keys earlier versions used are refused with what replaces them, and any
// problem names the file and line.
//
// Old keys are refused rather than read with a warning: the repository's rule is to refuse what
// it would otherwise have to guess, a one-word edit fixes a file for good, and a warning would
// repeat on every run and need a channel through every use case (the REST API has no stderr).
import type { z } from 'zod';
import { ConfigError, parseRate } from '../core/index.ts';
import { configIssueError, readYamlMapping } from './yaml-file.ts';
import type { YamlMapping } from './yaml-file.ts';

/** Where settings came from, for messages: a file and the lines of its keys, or neither (flags, a stored run). */
export interface SettingsSource {
  readonly file?: string;
  readonly lineOf?: YamlMapping['lineOf'];
  readonly lineOfKey?: YamlMapping['lineOfKey'];
}

/** Settings in a fraction of notional or price, written `0.001` or `0.1%` (see core/rate.ts). */
const RATE_KEYS = ['fee', 'slippage'] as const;

/**
 * Reads `file` (`what` names its kind in messages). `retired` maps a key earlier versions wrote to
 * what replaces it, e.g. `{ warmup: "'warmupCandles'" }`. Throws ConfigError/InputError naming file and line.
 */
export function readSettingsFile(file: string, what: string, retired: Readonly<Record<string, string>> = {}): YamlMapping {
  const yaml = readYamlMapping(file, what);
  refuseRetiredKeys(yaml.data, retired, yaml);
  return { ...yaml, data: withRates(yaml.data, yaml) };
}

/**
 * A copy of `data` (the mapping at `at` in the file) with its rates (`fee`, `slippage`) as
 * fractions. Throws InputError naming file and line for a rate that is not one.
 */
export function withRates(data: Readonly<Record<string, unknown>>, yaml: Pick<YamlMapping, 'file' | 'lineOf'>, at: readonly PropertyKey[] = []): Record<string, unknown> {
  const copy = { ...data };
  for (const key of RATE_KEYS) {
    const value = copy[key];
    if (typeof value !== 'number' && typeof value !== 'string') continue;
    const line = yaml.lineOf([...at, key]);
    copy[key] = parseRate(value, key, { file: yaml.file, ...(line === undefined ? {} : { line }) });
  }
  return copy;
}

/** Throws ConfigError for the first top-level key of `data` found in `retired`, naming its replacement. */
export function refuseRetiredKeys(data: Readonly<Record<string, unknown>>, retired: Readonly<Record<string, string>>, source: SettingsSource = {}): void {
  for (const key of Object.keys(data)) {
    const replacement = retired[key];
    if (replacement === undefined) continue;
    const line = source.lineOfKey?.(key) ?? source.lineOf?.([key]);
    throw new ConfigError(`'${key}' is no longer read: write ${replacement} instead`, {
      ...(source.file === undefined ? {} : { file: source.file }),
      ...(line === undefined ? {} : { line }),
      field: key,
    });
  }
}

/** Parses `input` with `schema`; the first problem becomes a ConfigError naming file, line and key. */
export function parseSettings<S extends z.ZodType>(schema: S, input: unknown, source: SettingsSource = {}): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw configIssueError(schema, parsed.error, source);
  return parsed.data;
}
