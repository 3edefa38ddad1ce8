// The candle sets shipped in the repository's data/ folder: data/<exchange>/<SYMBOL>-<tf>.csv.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isTimeframe, packageInfo } from '../core/index.ts';

/** The repository's data/ folder (the same from the sources and from dist/). */
export const BUNDLED_DATA_DIR = path.join(packageInfo().root, 'data');

export interface BundledSet {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly file: string;
}

export function bundledFile(exchange: string, symbol: string, timeframe: string): string | undefined {
  const file = path.join(BUNDLED_DATA_DIR, exchange, `${symbol}-${timeframe}.csv`);
  return existsSync(file) ? file : undefined;
}

export function listBundled(): BundledSet[] {
  if (!existsSync(BUNDLED_DATA_DIR)) return [];
  const sets: BundledSet[] = [];
  for (const exchange of readdirSync(BUNDLED_DATA_DIR, { withFileTypes: true })) {
    if (!exchange.isDirectory()) continue;
    for (const name of readdirSync(path.join(BUNDLED_DATA_DIR, exchange.name)).sort()) {
      const match = /^([A-Z0-9]+)-(\w+)\.csv$/.exec(name);
      if (match === null || !isTimeframe(match[2]!)) continue;
      sets.push({ exchange: exchange.name, symbol: match[1]!, timeframe: match[2]!, file: path.join(BUNDLED_DATA_DIR, exchange.name, name) });
    }
  }
  return sets;
}
