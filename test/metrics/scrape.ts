// Reading a Prometheus text exposition (version 0.0.4) back into samples, for the metrics tests.
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { Registry } from 'prom-client';
import { metricsRoute } from '../../src/api/metrics-route.ts';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Scrape {
  readonly contentType: string;
  readonly samples: readonly Sample[];
  /** Metric family names from the `# TYPE` lines, with their type. */
  readonly types: ReadonlyMap<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses exposition text; fails the test on a line it cannot read. */
export function parseExposition(text: string, contentType = ''): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type !== null) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    assert.ok(match !== null, `unreadable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1]!] = label[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return { contentType, samples, types };
}

/** GET /metrics over real HTTP on loopback from a bare fastify holding only the plugin. */
export async function scrape(registry: Registry): Promise<Scrape> {
  const app = Fastify();
  await app.register(metricsRoute, { registry });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const reply = await fetch(`${address}/metrics`);
    assert.equal(reply.status, 200);
    return parseExposition(await reply.text(), reply.headers.get('content-type') ?? '');
  } finally {
    await app.close();
  }
}

/** The one sample of `name` whose labels include `labels`; fails when there is none or several. */
export function value(s: Scrape, name: string, labels: Record<string, string> = {}): number {
  const found = samples(s, name, labels);
  assert.equal(found.length, 1, `${name}${JSON.stringify(labels)}: ${found.length} samples`);
  return found[0]!.value;
}

/** Every sample of `name` whose labels include `labels`. */
export function samples(s: Scrape, name: string, labels: Record<string, string> = {}): Sample[] {
  return s.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v));
}
