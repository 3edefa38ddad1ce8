// The candle sets shipped in the repository's data/ folder: data/<exchange>/<SYMBOL>-<tf>.csv.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTimeframe } from '../core/index.ts';

export const BUNDLED_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');

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
