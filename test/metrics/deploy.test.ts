// The deploy/ folder holds together without Docker: every YAML file parses, Prometheus scrapes the
// compose service and port rampart listens on and loads the mounted alert rules, Grafana's
// provisioning files are mounted where it reads them and point at the dashboard and the
// datasource the dashboard names, the Dockerfile builds on Node 20 with npm ci, and the PromQL
// reader the metrics test relies on reads names and skips labels, functions and durations.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { alertExpressions, dashboard, DEPLOY, metricNames } from './promql.ts';

type Service = { command?: string[]; ports?: string[]; volumes?: string[]; build?: { context: string; dockerfile: string } };
const yaml = (file: string): unknown => parse(readFileSync(path.join(DEPLOY, file), 'utf8'));
const compose = yaml('compose.yml') as { services: Record<string, Service> };

/** Host path (resolved from deploy/) → container path, for the bind mounts of a service. */
function binds(service: Service): Map<string, string> {
  const out = new Map<string, string>();
  for (const volume of service.volumes ?? []) {
    const [from, to] = volume.split(':');
    if (from!.startsWith('.')) out.set(path.resolve(DEPLOY, from!), to!);
  }
  return out;
}

test('compose runs rampart, PostgreSQL, Redis, Prometheus and Grafana', () => {
  assert.deepEqual(Object.keys(compose.services).sort(), ['grafana', 'postgres', 'prometheus', 'rampart', 'redis']);
  const rampart = compose.services.rampart!;
  assert.equal(path.resolve(DEPLOY, rampart.build!.context, rampart.build!.dockerfile), path.join(DEPLOY, 'Dockerfile'));
  for (const [host] of binds(rampart)) assert.ok(existsSync(host), `rampart mounts ${host}, which does not exist`);
  const store = rampart.command![rampart.command!.indexOf('--store') + 1]!;
  assert.match(store, /^postgres:\/\/[^@]+@postgres:5432\//, 'the store is the compose PostgreSQL');
});

test('Prometheus scrapes the rampart service on the port it listens on, with the mounted alert rules', () => {
  const config = yaml('prometheus/prometheus.yml') as { scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[]; rule_files: string[] };
  const job = config.scrape_configs.find((c) => c.job_name === 'rampart')!;
  assert.equal(job.metrics_path, '/metrics');
  const [host, port] = job.static_configs[0]!.targets[0]!.split(':');
  const service = compose.services[host!];
  assert.ok(service !== undefined, `scrape target ${host} is not a compose service`);
  assert.equal(service.command![service.command!.indexOf('--port') + 1], port, 'rampart listens on the scraped port');
  assert.equal(service.command![service.command!.indexOf('--host') + 1], '0.0.0.0', 'rampart listens beyond its container');
  const mounted = binds(compose.services.prometheus!);
  assert.equal(mounted.get(path.join(DEPLOY, 'prometheus/prometheus.yml')), '/etc/prometheus/prometheus.yml');
  for (const file of config.rule_files) {
    const host = [...mounted].find(([, to]) => to === file)?.[0];
    assert.ok(host !== undefined && existsSync(host), `rule file ${file} is not mounted from deploy/`);
  }
  assert.ok(alertExpressions().length >= 8);
});

test('Grafana provisions the datasource the dashboard names and loads the dashboard from where it is mounted', () => {
  const mounted = binds(compose.services.grafana!);
  const provisioning = mounted.get(path.join(DEPLOY, 'grafana/provisioning'));
  assert.equal(provisioning, '/etc/grafana/provisioning');
  const datasources = yaml('grafana/provisioning/datasources/prometheus.yml') as { datasources: { uid: string; url: string; type: string }[] };
  const source = datasources.datasources[0]!;
  assert.equal(source.type, 'prometheus');
  const [, promHost, promPort] = /^http:\/\/([^:]+):(\d+)$/.exec(source.url)!;
  assert.ok(compose.services[promHost!] !== undefined, `datasource host ${promHost} is a compose service`);
  assert.equal(promPort, '9090');
  const providers = yaml('grafana/provisioning/dashboards/rampart.yml') as { providers: { options: { path: string } }[] };
  const dashboardAt = mounted.get(path.join(DEPLOY, 'grafana/rampart.json'));
  assert.equal(path.posix.dirname(dashboardAt!), providers.providers[0]!.options.path);
  const d = dashboard();
  const uids = new Set(d.panels.flatMap((p) => [(p as { datasource?: { uid: string } }).datasource?.uid]).filter((uid) => uid !== undefined));
  assert.deepEqual([...uids], [source.uid], 'every panel reads the provisioned datasource');
  assert.ok(d.templating.list.some((v) => v.name === 'instance'), 'an instance variable');
  assert.ok(d.panels.some((p) => p.type === 'row' && p.repeat === 'instance'), 'a per-instance row repeated over it');
  for (const title of ['Fleet state', 'Order pipeline', 'Exchange health', 'Reconciliation and kill switch']) assert.ok(d.panels.some((p) => p.type === 'row' && p.title === title), `row ${title}`);
});

test('the Dockerfile builds on Node 20 with npm ci and runs the rampart command', () => {
  const text = readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8');
  assert.match(text, /^FROM node:20\S* AS build$/m);
  assert.match(text, /^RUN npm ci\b/m);
  assert.match(text, /npm run build/);
  assert.match(text, /^ENTRYPOINT \["node", "\/app\/bin\/rampart\.js"\]$/m);
  assert.ok(existsSync(path.join(DEPLOY, 'Dockerfile.dockerignore')));
});

test('the PromQL reader finds metric names and skips functions, labels, keywords and durations', () => {
  assert.deepEqual(metricNames('histogram_quantile(0.99, sum by (le, instance) (rate(a_seconds_bucket{instance=~"$instance"}[$__rate_interval])))'), ['a_seconds_bucket']);
  assert.deepEqual(metricNames('x > on (instance) (1.5 * y + 120) and on (instance) z{state="running"} == 1').sort(), ['x', 'y', 'z']);
  assert.deepEqual(metricNames('label_values(rampart_instance_info, instance)'), ['rampart_instance_info']);
  assert.deepEqual(metricNames('up{job="rampart"} == 0'), ['up']);
});
