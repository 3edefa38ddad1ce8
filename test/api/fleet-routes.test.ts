// The fleet's routes over real HTTP: what each role may read and do; a kill, close-all or resume
// without its confirmation changes nothing; a pause shows the instance reducing; and a kill through
// the API halts a running paper fleet on the simulator, which carries the trigger out.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { readFleetFile } from '../../src/config/index.ts';
import { systemClock } from '../../src/core/index.ts';
import { Fleet } from '../../src/live/index.ts';
import type { LiveStore } from '../../src/store/index.ts';
import { startApi } from './fixtures.ts';
import type { Api } from './fixtures.ts';

/** A journal as a fleet leaves it: instance a1 (paper, BTC 1h) started and handled one candle. */
function writeJournal(live: LiveStore, time = Date.now()): void {
  live.kills.registerInstances(['a1'], time);
  live.journal.append({ instance: 'a1', mode: 'paper', kind: 'start', time, data: { symbol: 'BTC/USDT', timeframe: '1h', cash: 10_000 } });
  live.journal.append({ instance: 'a1', mode: 'paper', kind: 'balance', time, candleTime: time - 3_600_000, data: { cash: 9_000, position: 0.01, equity: 10_050, pnl: 50, trades: 2, lastSignal: 'buy', riskState: 'active', candles: 1 } });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

test('each role: viewers read, operators act and read the audit log, a viewer acting is refused with 403 and nothing changes', async (t) => {
  const api = await startApi(t);
  writeJournal(api.workspace.live);
  const reads = ['/api/v1/fleet', '/api/v1/instances/a1', '/api/v1/instances/a1/orders', '/api/v1/instances/a1/trades', '/api/v1/journal?instance=a1&kind=start,balance&limit=5', '/api/v1/kill-events', '/api/v1/me'];
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    for (const url of reads) assert.equal((await api.call('GET', url, { token: api.tokens[role] })).status, 200, `${role} GET ${url}`);
  }
  const fleet = await api.call('GET', '/api/v1/fleet', { token: api.tokens.viewer });
  assert.equal(fleet.json.source, 'journal');
  assert.deepEqual(fleet.json.instances.map((s: { instance: string; equity: number; pnl: number; position: number; riskState: string }) => [s.instance, s.equity, s.pnl, s.position, s.riskState]), [['a1', 10_050, 50, 0.01, 'active']]);

  const refused = await api.call('POST', '/api/v1/fleet/kill', { token: api.tokens.viewer, body: { confirm: 'KILL' } });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, 'FORBIDDEN');
  assert.equal((await api.call('GET', '/api/v1/audit', { token: api.tokens.viewer })).status, 403);
  assert.equal((await api.call('POST', '/api/v1/instances/a1/pause', { token: api.tokens.viewer, body: {} })).status, 403);
  assert.deepEqual(api.workspace.live.kills.flags(), []);
  assert.deepEqual(api.workspace.live.kills.pauses(), []);
  assert.deepEqual(api.workspace.live.kills.events(), []);

  const audit = await api.call('GET', '/api/v1/audit', { token: api.tokens.operator });
  assert.equal(audit.status, 200);
  assert.deepEqual(audit.json.map((e: { actor: string; action: string; status: number; outcome: string }) => [e.actor, e.action, e.status, e.outcome]), [
    ['viewer', 'pause', 403, 'refused'],
    ['viewer', 'kill', 403, 'refused'],
  ]);
});

test('the journal with latestSession=true lists only each instance\'s latest run: a fleet run twice on one journal', async (t) => {
  const api = await startApi(t);
  const { live } = api.workspace;
  const hour = 3_600_000;
  const run = (first: number, candles: number): void => {
    live.journal.append({ instance: 'a1', mode: 'paper', kind: 'start', time: Date.now(), data: { symbol: 'BTC/USDT', timeframe: '1h', cash: 10_000 } });
    for (let k = 0; k < candles; k++) {
      const candleTime = first + k * hour;
      live.journal.append({ instance: 'a1', mode: 'paper', kind: 'candle', time: Date.now(), candleTime, data: { time: candleTime, open: 1, high: 2, low: 0.5, close: 1.5 } });
      live.journal.append({ instance: 'a1', mode: 'paper', kind: 'balance', time: Date.now(), candleTime, data: { cash: 10_000, position: 0, equity: 10_000 + k, pnl: k, trades: 0, lastSignal: 'hold', riskState: 'active', candles: k + 1 } });
    }
  };
  const start = Date.UTC(2024, 0, 1);
  run(start, 6);
  run(start, 3);
  const candleTimes = async (query: string): Promise<number[]> => {
    const answer = await api.call('GET', `/api/v1/journal?instance=a1&kind=candle${query}`, { token: api.tokens.viewer });
    assert.equal(answer.status, 200, answer.text);
    return answer.json.map((e: { candleTime: number }) => e.candleTime);
  };
  assert.deepEqual(await candleTimes('&latestSession=true'), [start, start + hour, start + 2 * hour], 'only the second run');
  assert.equal((await candleTimes('')).length, 9, 'every run without it');
  assert.deepEqual(await candleTimes('&latestSession=true&limit=2'), [start + hour, start + 2 * hour], 'the newest of the latest run');
  const tail = await api.call('GET', '/api/v1/journal?afterId=0&latestSession=true', { token: api.tokens.viewer });
  assert.equal(tail.status, 400);
});

test('a kill, close-all or resume without its confirmation is 400 CONFIRMATION_REQUIRED and changes nothing', async (t) => {
  const api = await startApi(t);
  writeJournal(api.workspace.live);
  const token = api.tokens.operator;
  for (const [url, body] of [
    ['/api/v1/fleet/kill', {}],
    ['/api/v1/fleet/kill', { confirm: 'kill' }],
    ['/api/v1/fleet/close-all', { confirm: 'KILL' }],
    ['/api/v1/instances/a1/kill', { confirm: 'KILL' }],
    ['/api/v1/instances/a1/close-all', {}],
    ['/api/v1/fleet/resume', {}],
  ] as const) {
    const answer = await api.call('POST', url, { token, body });
    assert.equal(answer.status, 400, `${url} ${JSON.stringify(body)}`);
    assert.equal(answer.json.error.code, 'CONFIRMATION_REQUIRED');
  }
  const noBody = await api.call('POST', '/api/v1/fleet/kill', { token });
  assert.equal(noBody.json.error.code, 'CONFIRMATION_REQUIRED');
  assert.deepEqual(api.workspace.live.kills.flags(), []);
  assert.deepEqual(api.workspace.live.kills.events(), []);
  const unknown = await api.call('POST', '/api/v1/instances/zz/kill', { token, body: { confirm: 'zz' } });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'UNKNOWN_INSTANCE');
  assert.match(unknown.json.error.message, /known: a1/);
  const extra = await api.call('POST', '/api/v1/fleet/kill', { token, body: { confirm: 'KILL', force: true } });
  assert.equal(extra.json.error.code, 'UNKNOWN_FIELD');
  assert.deepEqual(api.workspace.live.kills.flags(), []);
});

test('with its confirmation a kill sets the flag (the status shows halted), resume lifts it, a pause shows the instance reducing', async (t) => {
  const api = await startApi(t);
  writeJournal(api.workspace.live);
  const token = api.tokens.operator;
  const kill = await api.call('POST', '/api/v1/instances/a1/kill', { token, body: { confirm: 'a1', reason: 'drill' } });
  assert.equal(kill.status, 202, kill.text);
  assert.equal(kill.json.running, false);
  assert.match(kill.json.message, /^kill of instance a1: halted: the flag is set; request #\d+ is carried out when the fleet starts$/);
  assert.deepEqual(api.workspace.live.kills.flags().map((f) => [f.scope, f.source, f.reason]), [['a1', 'api', 'drill (by operator)']]);
  assert.equal((await api.call('GET', '/api/v1/fleet', { token })).json.instances[0].riskState, 'halted');
  assert.equal((await api.call('POST', '/api/v1/instances/a1/resume', { token, body: { confirm: 'a1' } })).status, 202);
  assert.deepEqual(api.workspace.live.kills.flags(), []);
  assert.equal((await api.call('POST', '/api/v1/instances/a1/pause', { token, body: { reason: 'news' } })).status, 200);
  const paused = (await api.call('GET', '/api/v1/instances/a1', { token })).json;
  assert.equal(paused.status.riskState, 'reducing');
  assert.match(paused.status.riskReason, /^paused \(api, .*\): news \(by operator\)$/);
  await api.call('POST', '/api/v1/instances/a1/unpause', { token, body: {} });
  assert.equal((await api.call('GET', '/api/v1/instances/a1', { token })).json.status.riskState, 'active');
  assert.deepEqual(api.workspace.live.audit.list().map((e) => [e.action, e.target, e.outcome]), [
    ['unpause', 'a1', 'ok'],
    ['pause', 'a1', 'ok'],
    ['resume', 'a1', 'ok'],
    ['kill', 'a1', 'ok'],
  ]);
});

test('a kill through the API halts a running paper fleet on the simulator, which carries the trigger out; resume makes it active', async (t) => {
  let api: Api | undefined;
  const started = await startFleet(t);
  api = await startApi(t, { workspace: started.workspace, fleet: started.fleet, fleetFile: started.file });
  const token = api.tokens.operator;
  await until(() => started.fleet.status()[0]!.candles > 0, 'a first live candle');
  assert.equal((await api.call('GET', '/api/v1/fleet', { token })).json.source, 'process');
  const kill = await api.call('POST', '/api/v1/fleet/kill', { token, body: { confirm: 'KILL' } });
  assert.equal(kill.status, 202, kill.text);
  assert.equal(kill.json.running, true);
  const id = kill.json.event.id as number;
  await until(() => api!.workspace.live.kills.event(id)?.status === 'done', 'the fleet to carry the kill out');
  assert.match(api.workspace.live.kills.event(id)!.outcome!, /^kill of the fleet: nothing was left to do/);
  await until(() => started.fleet.status()[0]!.riskState === 'halted', 'the instance halted');
  assert.match(started.fleet.status()[0]!.riskReason, /kill switch \(api, /);
  await api.call('POST', '/api/v1/fleet/resume', { token, body: { confirm: 'RESUME' } });
  await until(() => started.fleet.status()[0]!.riskState === 'active', 'the instance active again');
  // A pause holds the running instance in reducing (exits only) from its next candle; unpause lifts it.
  assert.equal((await api.call('POST', '/api/v1/instances/p1/pause', { token, body: { reason: 'drill' } })).status, 200);
  await until(() => started.fleet.status()[0]!.riskState === 'reducing', 'the instance reducing');
  assert.match(started.fleet.status()[0]!.riskReason, /^paused \(api, .*\): drill \(by operator\)$/);
  await api.call('POST', '/api/v1/instances/p1/unpause', { token, body: {} });
  await until(() => started.fleet.status()[0]!.riskState === 'active', 'the instance active after unpause');
});

test('a close-all through the API flattens a running paper instance; the kill events say what was sold', async (t) => {
  // Buys once and holds, so the position is there when the close-all comes.
  const hold = `export default { name: 'hold', description: 'buy once and hold', params: [], create() { return { onCandle: (ctx) => (ctx.position === 0 && ctx.index > 2 ? { type: 'enter', side: 'long' } : null) }; } };\n`;
  const started = await startFleet(t, { strategy: './hold.mjs', params: {}, warmupCandles: 5 }, { 'hold.mjs': hold });
  const api = await startApi(t, { workspace: started.workspace, fleet: started.fleet, fleetFile: started.file });
  const token = api.tokens.operator;
  await until(() => started.fleet.status()[0]!.position > 0, 'a position');
  const held = started.fleet.status()[0]!.position;
  const close = await api.call('POST', '/api/v1/instances/p1/close-all', { token, body: { confirm: 'p1' } });
  assert.equal(close.status, 202, close.text);
  const id = close.json.event.id as number;
  await until(() => api.workspace.live.kills.event(id)?.status === 'done', 'the fleet to carry the close-all out');
  assert.equal(started.fleet.status()[0]!.position, 0);
  const events = (await api.call('GET', '/api/v1/kill-events', { token })).json as unknown as { id: number; outcome: string; report: { sold: { sold: string; position: number; status: string; price: number }[] } }[];
  const event = events.find((e) => e.id === id)!;
  assert.match(event.outcome, /^close-all of instance p1: sold \d+\.\d+ BTCUSDT for p1 \(on the simulated venue at [\d.]+\)$/);
  const [sold] = event.report.sold;
  assert.deepEqual([Number(sold!.sold), sold!.position, sold!.status], [held, held, 'filled']);
});

/** A paper fleet of one instance on the in-process simulator, stopped after the test; `instance` overrides its fields, `files` are written beside the fleet file. */
async function startFleet(t: import('node:test').TestContext, instance: Record<string, unknown> = {}, files: Record<string, string> = {}) {
  const { openWorkspace } = await import('../../src/app/index.ts');
  const { tempDir } = await import('../fixtures/cli.ts');
  const dir = tempDir('rampart-api-fleet-');
  const file = path.join(dir, 'fleet.yml');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  writeFileSync(file, stringify({ simulator: { speed: 36_000, start: '2025-03-01' }, instances: [{ name: 'p1', mode: 'paper', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'macd-cross', params: { fast: 3, slow: 7, signal: 3 }, sizing: 'percent', sizingValue: 20, ...instance }] }));
  const workspace = await openWorkspace({ db: path.join(dir, 'fleet.db') });
  const fleet = await Fleet.start({ config: readFleetFile(file), file, store: workspace.live, clock: systemClock, stopFile: path.join(dir, 'EMERGENCY_STOP'), killPollMs: 20, access: { acknowledged: false, openKeys: () => assert.fail('a paper fleet opens no key store') } });
  t.after(async () => {
    await fleet.stop();
    await workspace.close();
  });
  return { fleet, workspace, file, dir };
}
