// The metric names a PromQL expression reads, and the expressions the deploy/ files hold (the
// Grafana dashboard's targets and template queries, the Prometheus alert rules).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../fixtures/cli.ts';

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/**
 * Metric names in `expr`: identifiers that are not functions, keywords, label names (in `{}`,
 * `by (…)`, `on (…)` and the like) or durations; strings and Grafana variables are skipped.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ')
    .replace(/label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,[^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const name = match[1]!;
    if (match[2] === undefined && !KEYWORDS.has(name.toLowerCase())) names.add(name); // a name followed by ( is a function
  }
  // label_values(metric, label): the metric is the first argument (the label, the second, was dropped above).
  for (const match of expr.matchAll(/label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/g)) names.add(match[1]!);
  return [...names];
}

export const DEPLOY = path.join(ROOT, 'deploy');

interface Dashboard {
  readonly panels: readonly { readonly title: string; readonly type: string; readonly targets?: readonly { readonly expr: string }[]; readonly repeat?: string }[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly query: { readonly query: string } }[] };
}

export function dashboard(): Dashboard {
  return JSON.parse(readFileSync(path.join(DEPLOY, 'grafana/rampart.json'), 'utf8')) as Dashboard;
}

/** Every PromQL expression of the dashboard (panel targets, template queries), named by where it is. */
export function dashboardExpressions(): { where: string; expr: string }[] {
  const d = dashboard();
  return [
    ...d.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `dashboard panel '${panel.title}'`, expr: target.expr }))),
    ...d.templating.list.map((variable) => ({ where: `dashboard variable '${variable.name}'`, expr: variable.query.query })),
  ];
}

/** Every alert rule's expression, named by the alert. */
export function alertExpressions(): { where: string; expr: string }[] {
  const rules = parse(readFileSync(path.join(DEPLOY, 'prometheus/alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
  return rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: String(rule.expr) })));
}

/** Series Prometheus makes itself for every scrape: not on /metrics. */
export const PROMETHEUS_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);
