// Benchmark: paper replay of the bundled year of 1h candles by the default fleet (config/fleet.yml:
// five instances on 1h, 4h and 1d candles), as `rampart run` does it, with the simulator as fast as
// its timer goes and no start date: from 500 candles into the data until the replay starts over.
// Wall time of the whole process (start-up, warm-up, journal writes included) and the candles handled.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { printFigure } from './report.ts';

const ROOT = path.join(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/rampart.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'rampart-bench-fleet-'));
const fleet = readFileSync(path.join(ROOT, 'config/fleet.yml'), 'utf8')
  .replace(/speed: \d+.*/, 'speed: 36000000')
  .replace(/ {2}start: .*\n/, '');
writeFileSync(path.join(dir, 'fleet.yml'), fleet);
const db = path.join(dir, 'bench.db');

const start = performance.now();
const run = spawnSync(process.execPath, [BIN, '--db', db, 'run', '--config', path.join(dir, 'fleet.yml')], { stdio: ['ignore', 'ignore', 'inherit'] });
const wallMs = performance.now() - start;
if (run.status !== 0) throw new Error(`rampart run exited ${run.status}`);
const status = spawnSync(process.execPath, [BIN, '--db', db, 'status', '--json'], { encoding: 'utf8' });
const rows = JSON.parse(status.stdout) as { instance: string; timeframe: string; candles: number }[];
const hourly = Math.max(...rows.filter((row) => row.timeframe === '1h').map((row) => row.candles));
printFigure('fleet_replay.default_fleet_wall', Number((wallMs / 1000).toFixed(2)), 's');
printFigure('fleet_replay.1h_candles_per_instance', hourly, 'candles');
printFigure('fleet_replay.candles_all_instances', rows.reduce((sum, row) => sum + row.candles, 0), 'candles');
