// The flags `sweep` and `walk-forward` share, as settings for resolveSweepSpec to lay over a sweep file.
import { parseSourceFlag } from './data-flags.ts';
import { parseListFlag } from './parse-values.ts';

export interface SweepGridFlags {
  readonly strategy?: string | undefined;
  readonly symbols?: string | undefined;
  readonly timeframes?: string | undefined;
  readonly source?: string | undefined;
}

/** Strategy, symbols (upper-cased), timeframes, parameter ranges and source; undefined where not given. Throws InputError for a bad --source. */
export function commonSweepOverrides(flags: SweepGridFlags, ranges: Record<string, string>): Record<string, unknown> {
  return {
    strategy: flags.strategy,
    symbols: flags.symbols === undefined ? undefined : parseListFlag(flags.symbols).map((s) => s.toUpperCase()),
    timeframes: flags.timeframes === undefined ? undefined : parseListFlag(flags.timeframes),
    params: Object.keys(ranges).length > 0 ? ranges : undefined,
    source: parseSourceFlag(flags.source),
  };
}

