// The charting library's standalone build, read once and inlined so reports open offline, and the
// attribution its licence asks every page that shows it to carry.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { source: string; notice: string } | undefined;

function load(): { source: string; notice: string } {
  if (cached === undefined) {
    const entry = fileURLToPath(import.meta.resolve('lightweight-charts'));
    const file = path.join(path.dirname(entry), 'lightweight-charts.standalone.production.js');
    const raw = readFileSync(file, 'utf8');
    // A literal "</script" inside inlined code would end the element early.
    cached = { source: raw.replace(/<\/script/gi, '<\\/script'), notice: bannerNotice(raw) };
  }
  return cached;
}

export function chartLibrarySource(): string {
  return load().source;
}

/** Where the attribution notice links to: the licence asks for a link to TradingView's site. */
export const CHART_LIBRARY_URL = 'https://www.tradingview.com/';

/**
 * The library's attribution notice, e.g. "TradingView Lightweight Charts™ v5.2.1 · Copyright (c)
 * 2026 TradingView, Inc.", taken from the licence banner of the build that is inlined, so the
 * version and year are those of the code on the page. The library's README (section License)
 * asks for the NOTICE file's text and a link to {@link CHART_LIBRARY_URL} on the page; the
 * reports draw it as text under the charts instead of the logo inside them, where it covered
 * the time axis labels.
 */
export function chartLibraryNotice(): string {
  return load().notice;
}

function bannerNotice(source: string): string {
  const banner = /\/\*!([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  const lines = banner
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter((line) => /TradingView/.test(line));
  return lines.length > 0 ? lines.join(' · ') : 'TradingView Lightweight Charts™ · Copyright (c) TradingView, Inc.';
}
