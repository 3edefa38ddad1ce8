// Reading YAML settings files so that every mistake names the file, the line and the key: a YAML
// syntax error, a misspelt key (with the nearest known key), a value of the wrong type.
import { readFileSync } from 'node:fs';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/index.ts';

/** A YAML file whose top level is a mapping. */
export interface YamlMapping {
  readonly file: string;
  readonly data: Record<string, unknown>;
  /** 1-based line of the value at `path` (or of its key, for a key that should not be there). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** 1-based line of a top-level key itself (for a key whose value is a block on the next lines). */
  lineOfKey(key: string): number | undefined;
}

/**
 * Reads and parses `file`; `what` names the kind of file in messages ("sweep config").
 * Throws ConfigError (with file and line) when it is missing, not YAML, or not a mapping.
 */
export function readYamlMapping(file: string, what: string): YamlMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${what} not found` : `cannot read the ${what} (${code ?? 'error'})`, { file });
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    throw new ConfigError(`invalid YAML: ${syntax.message.split('\n')[0]}`, { file, line: lines.linePos(syntax.pos[0]).line });
  }
  const data: unknown = document.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`expected a mapping of ${what} settings`, { file });
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    const node: unknown = document.getIn(path.map(String).map((key) => (/^\d+$/.test(key) ? Number(key) : key)), true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
  const lineOfKey = (key: string): number | undefined => {
    const contents = document.contents;
    const pair = isMap(contents) ? contents.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    const offset = isNode(pair?.key) ? pair.key.range?.[0] : undefined;
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
  return { file, data: data as Record<string, unknown>, lineOf, lineOfKey };
}

/**
 * The first problem zod found, as a ConfigError naming the file, line and key. A key the schema
 * does not know is named with the nearest known one ("did you mean 'symbols'?").
 */
export function configIssueError(schema: z.ZodType, error: z.ZodError, source: { file?: string; lineOf?: YamlMapping['lineOf'] } = {}): ConfigError {
  // A misspelt key also makes the key it was meant to be missing: the misspelling explains both.
  const issue = error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? error.issues[0]!;
  const path = issue.path as PropertyKey[];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = keysAt(schema, path);
    const nearest = closest(key, known);
    const hint = nearest === undefined ? (known.length > 0 ? ` (known keys: ${known.join(', ')})` : '') : ` (did you mean '${nearest}'?)`;
    return located(`unknown key '${key}'${hint}`, [...path, key], source);
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return located(`missing key '${String(path.at(-1))}' (expected ${issue.expected})`, path, source);
  }
  return located(plainMessage(issue), path, source);
}

/** Bounds said as a user would read them ("must be > 0"), not in zod's wording ("Too small: expected number to be >0"). */
function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && typeof issue.minimum === 'number') return `must be ${issue.inclusive === true ? '≥' : '>'} ${issue.minimum}`;
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return `must be ${issue.inclusive === true ? '≤' : '<'} ${issue.maximum}`;
  return issue.message;
}

function located(message: string, path: readonly PropertyKey[], source: { file?: string; lineOf?: YamlMapping['lineOf'] }): ConfigError {
  const line = source.lineOf?.(path);
  return new ConfigError(message, {
    ...(source.file === undefined ? {} : { file: source.file }),
    ...(line === undefined ? {} : { line }),
    ...(path.length === 0 ? {} : { field: path.map(String).join('.') }),
  });
}

/** The keys an object schema accepts at `path` (through defaults, optionals and arrays). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (let i = 0; ; i++) {
    const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def === undefined) return [];
    if (['default', 'optional', 'nullable', 'prefault', 'readonly'].includes(String(def['type']))) {
      current = def['innerType'];
      i--;
      continue;
    }
    if (i === path.length) return def['type'] === 'object' ? Object.keys(def['shape'] as object) : [];
    if (def['type'] === 'object') current = (def['shape'] as Record<string, unknown>)[String(path[i])];
    else if (def['type'] === 'array') current = def['element'];
    else return [];
  }
}

/** The known key within two edits of `key` (Levenshtein distance), if there is one. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
