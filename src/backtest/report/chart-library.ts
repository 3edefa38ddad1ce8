// The charting library's standalone build, read once and inlined so reports open offline.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function chartLibrarySource(): string {
  if (cached === undefined) {
    const entry = fileURLToPath(import.meta.resolve('lightweight-charts'));
    const file = path.join(path.dirname(entry), 'lightweight-charts.standalone.production.js');
    // A literal "</script" inside inlined code would end the element early.
    cached = readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
  }
  return cached;
}
